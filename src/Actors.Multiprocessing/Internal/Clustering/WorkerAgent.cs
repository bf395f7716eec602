using Actors.Multiprocessing.Internal.Isolation;
using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.SharedMemory;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Clustering;

/// <summary>
/// A node's agent: starts worker processes on this host for cluster pools (when a pool's router asks) and for
/// process-isolated actors placed on this node's role (when an actor's proxy asks), with the same child
/// machinery as local ones (supervisor actor, warm hosts, exit codes), and tells the asker when one exits.
/// They are this node's children and listen on loopback; a relay each (<see cref="WorkerRelay"/>,
/// <see cref="ActorRelay"/>) carries their traffic. An asker whose node became unreachable or left has its
/// processes terminated here, as do this node's leaving and its end.
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
        Receive<OfferWorkers>(offer => Sender.Tell(new WorkerOffer(Cluster.Get(Context.System).SelfAddress, offer.ProcessesPerNode ?? _processes)));
        Receive<StartRemoteWorker>(start => Host(
            start.Router,
            start.WorkerId,
            start.Name,
            relay => () => PoolWorker.Run(relay, start.WorkerId, start.Initializer, start.MaxTasks, start.BatchBytes),
            WorkerRelay.Props(start.Router, _frameBytes),
            pid => new RemoteWorkerStarted(start.WorkerId, pid),
            (code, failure) => new RemoteWorkerExited(start.WorkerId, code, failure)));
        Receive<HostIsolatedActor>(host => Host(
            host.Proxy,
            id: 0,
            host.Name,
            relay => () => ActorHost.Run(relay, host.ActorType, host.Arguments),
            ActorRelay.Props(host.Proxy),
            pid => new IsolatedActorStarted(pid),
            (code, failure) => new IsolatedActorExited(code, failure)));
        Receive<StopRemoteWorker>(stop => Terminate(h => h.Owner.Equals(stop.Router) && h.Id == stop.WorkerId));
        Receive<StopPoolWorkers>(stop => Terminate(h => h.Owner.Equals(stop.Router)));
        Receive<StopIsolatedActor>(stop => Terminate(h => h.Owner.Equals(stop.Proxy)));
        Receive<HostedExited>(Exited);
        Receive<ClusterEvent.UnreachableMember>(e => OwnerNodeGone(e.Member.Address, "unreachable"));
        Receive<ClusterEvent.MemberRemoved>(e => OwnerNodeGone(e.Member.Address, "removed from the cluster"));
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

    /// <summary>Starts a process running <paramref name="target"/> (given its relay) for <paramref name="owner"/>, and tells it how that went.</summary>
    private void Host(
        IActorRef owner,
        int id,
        string name,
        Func<IActorRef, System.Linq.Expressions.Expression<Action>> target,
        Props relayProps,
        Func<int, object> started,
        Func<int?, string?, object> exited)
    {
        var relay = Context.ActorOf(relayProps, $"relay-{++_relays}");
        var process = new Process(target(relay), name: name, daemon: true);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            Context.Stop(relay);
            process.Dispose();
            owner.Tell(exited(1, $"the node could not start a process: {e.Message}"));
            return;
        }

        var hosted = new Hosted(owner, id, process, relay, exited);
        _hosted.Add(hosted);
        owner.Tell(started(process.Pid!.Value));
        process.JoinAsync().PipeTo(Self, success: () => new HostedExited(hosted), failure: _ => new HostedExited(hosted));
    }

    private void Exited(HostedExited exited)
    {
        var hosted = exited.Hosted;
        _hosted.Remove(hosted);
        hosted.Owner.Tell(hosted.Exited(hosted.Process.ExitCode, null));
        Context.Stop(hosted.Relay);
        hosted.Process.Dispose();
        // Results a dead worker spilled to /dev/shm that its relay will not read.
        Segment.RemoveLeftovers();
    }

    private void OwnerNodeGone(Address node, string why)
    {
        if (SelfMembership.IsLeaving(Context.System, node))
        {
            // This node leaves: its processes end with it (MemberLeft of self, PostStop).
            return;
        }

        var orphans = _hosted.Where(h => h.Owner.Path.Address.Equals(node)).ToList();
        if (orphans.Count > 0)
        {
            _log.Warning("The node {0} is {1}: terminating the {2} process(es) this node ran for it.", node, why, orphans.Count);
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

    /// <summary>A process this node runs for <paramref name="Owner"/> (a pool's router, with the worker's id; or an actor's proxy).</summary>
    private sealed record Hosted(IActorRef Owner, int Id, Process Process, IActorRef Relay, Func<int?, string?, object> Exited);

    private sealed record HostedExited(Hosted Hosted);
}
