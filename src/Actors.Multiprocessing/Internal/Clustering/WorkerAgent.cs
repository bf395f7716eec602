using Actors.Multiprocessing.Internal.Pooling;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Clustering;

/// <summary>
/// A node's agent for cluster pools: starts worker processes on this host when a pool's router asks, with the
/// same child machinery as a local pool (supervisor actor, warm hosts, exit codes), and tells the router when
/// one exits. Workers are this node's children and listen on loopback; a <see cref="WorkerRelay"/> each
/// carries their traffic. A router whose node became unreachable or left has its workers terminated here, as
/// do this node's leaving and its end.
/// </summary>
internal sealed class WorkerAgent : ReceiveActor
{
    public const string Name = "multiprocessing-worker-agent";

    private readonly int _processes;
    private readonly long _frameBytes;
    private readonly List<Hosted> _hosted = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _relays;

    public WorkerAgent(int processes)
    {
        _processes = processes;
        _frameBytes = Context.System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000;
        Receive<OfferWorkers>(offer => Sender.Tell(new WorkerOffer(offer.ProcessesPerNode ?? _processes)));
        Receive<StartRemoteWorker>(Start);
        Receive<StopRemoteWorker>(stop => Terminate(h => h.Router.Equals(stop.Router) && h.WorkerId == stop.WorkerId));
        Receive<StopPoolWorkers>(stop => Terminate(h => h.Router.Equals(stop.Router)));
        Receive<HostedExited>(Exited);
        Receive<ClusterEvent.UnreachableMember>(e => RouterNodeGone(e.Member.Address, "unreachable"));
        Receive<ClusterEvent.MemberRemoved>(e => RouterNodeGone(e.Member.Address, "removed from the cluster"));
        Receive<ClusterEvent.MemberLeft>(e =>
        {
            if (e.Member.Address.Equals(Cluster.Get(Context.System).SelfAddress))
            {
                // This node leaves: its workers go first, so their routers hear of it while it is still a member.
                Terminate(_ => true);
            }
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public static Props Props(int processes) => Akka.Actor.Props.Create(() => new WorkerAgent(processes));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        Terminate(_ => true);
    }

    private void Start(StartRemoteWorker start)
    {
        var relay = Context.ActorOf(WorkerRelay.Props(start.Router, _frameBytes), $"relay-{++_relays}");
        var process = new Process(
            () => PoolWorker.Run(relay, start.WorkerId, start.Initializer, start.MaxTasks, start.BatchBytes),
            name: start.Name,
            daemon: true);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            Context.Stop(relay);
            process.Dispose();
            start.Router.Tell(new RemoteWorkerExited(start.WorkerId, 1, $"the node could not start a worker process: {e.Message}"));
            return;
        }

        var hosted = new Hosted(start.Router, start.WorkerId, process, relay);
        _hosted.Add(hosted);
        start.Router.Tell(new RemoteWorkerStarted(start.WorkerId, process.Pid!.Value));
        process.JoinAsync().PipeTo(Self, success: () => new HostedExited(hosted), failure: _ => new HostedExited(hosted));
    }

    private void Exited(HostedExited exited)
    {
        var hosted = exited.Hosted;
        _hosted.Remove(hosted);
        hosted.Router.Tell(new RemoteWorkerExited(hosted.WorkerId, hosted.Process.ExitCode, Failure: null));
        Context.Stop(hosted.Relay);
        hosted.Process.Dispose();
    }

    private void RouterNodeGone(Address node, string why)
    {
        var orphans = _hosted.Where(h => h.Router.Path.Address.Equals(node)).ToList();
        if (orphans.Count > 0)
        {
            _log.Warning("The node {0} of a cluster pool is {1}: terminating its {2} worker process(es) here.", node, why, orphans.Count);
            orphans.ForEach(h => h.Process.Terminate());
        }
    }

    private void Terminate(Func<Hosted, bool> which)
    {
        foreach (var hosted in _hosted.Where(which))
        {
            hosted.Process.Terminate();
        }
    }

    private sealed record Hosted(IActorRef Router, int WorkerId, Process Process, IActorRef Relay);

    private sealed record HostedExited(Hosted Hosted);
}
