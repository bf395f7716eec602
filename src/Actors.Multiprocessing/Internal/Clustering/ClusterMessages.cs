using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Clustering;

/// <summary>A cluster pool's router → a node's agent: how many workers will you run for me? (null: your own number)</summary>
internal sealed record OfferWorkers(IActorRef Router, int? ProcessesPerNode) : IWireMessage;

/// <summary>Agent → router: this many workers on <paramref name="Node"/> (its cluster address, also when it is the router's own), one <see cref="StartRemoteWorker"/> each.</summary>
internal sealed record WorkerOffer(Address Node, int Processes) : IWireMessage;

/// <summary>Router → agent: start worker <paramref name="WorkerId"/> of the pool on your host.</summary>
internal sealed record StartRemoteWorker(
    IActorRef Router, int WorkerId, string Name, TargetCall? Initializer, int MaxTasks, int BatchBytes) : IWireMessage;

/// <summary>Agent → router: the worker's process runs, with this pid on the agent's host.</summary>
internal sealed record RemoteWorkerStarted(int WorkerId, int Pid) : IWireMessage;

/// <summary>Agent → router: the worker's process exited (or could not start: <paramref name="Failure"/>).</summary>
internal sealed record RemoteWorkerExited(int WorkerId, int? ExitCode, string? Failure) : IWireMessage;

/// <summary>Router → agent: terminate one worker (the pool is terminating).</summary>
internal sealed record StopRemoteWorker(IActorRef Router, int WorkerId) : IWireMessage;

/// <summary>Router → agent: terminate every worker of this router (it stopped, or lost sight of the node).</summary>
internal sealed record StopPoolWorkers(IActorRef Router) : IWireMessage;

/// <summary>A process-isolated actor's proxy → a node's agent: run the actor in a worker process of yours.</summary>
internal sealed record HostIsolatedActor(IActorRef Proxy, string Name, string ActorType, byte[] Arguments) : IWireMessage;

/// <summary>Agent → proxy: the actor's process runs, with this pid on the agent's host.</summary>
internal sealed record IsolatedActorStarted(int Pid) : IWireMessage;

/// <summary>Agent → proxy: the actor's process exited (or could not start: <paramref name="Failure"/>).</summary>
internal sealed record IsolatedActorExited(int? ExitCode, string? Failure) : IWireMessage;

/// <summary>Proxy → agent: end the process of this proxy's actor.</summary>
internal sealed record StopIsolatedActor(IActorRef Proxy) : IWireMessage;
