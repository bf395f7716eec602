using Actors.Multiprocessing.Internal.Clustering;
using Actors.Multiprocessing.Internal.Metrics;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// A cluster pool's router: its workers run on the nodes of a role, started by each node's
/// <see cref="WorkerAgent"/>. Membership events say which nodes there are: a node that comes up (or weakly up,
/// while another is unreachable) is offered the pool and gets work at once; one that becomes unreachable, or
/// leaves, loses its workers here at that moment, with every task they held failed or retried. Everything a
/// remote worker is sent travels inside the message (this host's /dev/shm is not the node's).
/// </summary>
internal sealed partial class PoolRouter
{
    private readonly Dictionary<Address, WorkerNode> _nodes = [];
    private long _frameBytes = long.MaxValue;

    /// <summary>Called from the constructor of a cluster pool's router only, so a local pool never loads Akka.Cluster.</summary>
    private void ReceiveCluster()
    {
        _frameBytes = Context.System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000;
        Receive<ClusterEvent.MemberUp>(up => Discover(up.Member));
        Receive<ClusterEvent.MemberWeaklyUp>(up => Discover(up.Member));
        Receive<ClusterEvent.ReachableMember>(back => Discover(back.Member));
        Receive<ClusterEvent.UnreachableMember>(e => LoseNode(e.Member.Address, "its node became unreachable"));
        Receive<ClusterEvent.MemberLeft>(e => LoseNode(e.Member.Address, "its node left the cluster"));
        Receive<ClusterEvent.MemberRemoved>(e => LoseNode(e.Member.Address, "its node was removed from the cluster"));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<WorkerOffer>(Offered);
        Receive<RemoteWorkerStarted>(started =>
        {
            if (_workers.Find(w => w.Id == started.WorkerId) is { } worker)
            {
                worker.Pid = started.Pid;
            }
        });
        Receive<RemoteWorkerExited>(exited =>
        {
            if (_workers.Find(w => w.Id == exited.WorkerId) is { } worker)
            {
                if (exited.Failure is { } failure)
                {
                    _log.Warning("Pool {0}: {1} on {2}: {3}", _settings.Name, worker.Name, worker.Node, failure);
                }

                Exited(new WorkerExited(worker, exited.ExitCode, Loss: null));
            }
        });
    }

    private void SubscribeCluster()
    {
        var cluster = Cluster.Get(Context.System);
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
    }

    /// <summary>
    /// A node of the pool's role is up (or reachable again): its agent is asked how many workers it runs for
    /// the pool. One counted lost before (unreachable, or a former incarnation at the same address) starts
    /// afresh: the workers it may still run for this pool go first.
    /// </summary>
    private void Discover(Member member)
    {
        var cluster = _settings.Cluster!;
        if (!member.HasRole(cluster.Role))
        {
            return;
        }

        if (_nodes.TryGetValue(member.Address, out var known))
        {
            if (!known.Lost)
            {
                return;
            }

            known.Agent?.Tell(new StopPoolWorkers(Self));
        }

        _nodes[member.Address] = new WorkerNode(member.Address);
        Context.ActorSelection(new RootActorPath(member.Address) / "user" / WorkerAgent.Name)
            .Tell(new OfferWorkers(Self, cluster.ProcessesPerNode));
    }

    private void Offered(WorkerOffer offer)
    {
        if (!_nodes.TryGetValue(offer.Node, out var node) || node.Lost)
        {
            return;
        }

        node.Agent = Sender;
        node.Processes = offer.Processes;
        Replenish();
        Dispatch();
    }

    /// <summary>Every node short of its workers (a new one, or one whose worker died) is asked for the rest.</summary>
    private void ReplenishOnNodes()
    {
        foreach (var node in _nodes.Values.Where(n => n is { Agent: not null, Lost: false }))
        {
            while (NeedsWorkers() && _workers.Count(w => w.Host == node) < node.Processes)
            {
                var id = ++_workerCount;
                var worker = new Worker(id, $"{_settings.Name}-worker-{id}", process: null, node);
                _workers.Add(worker);
                LibraryMeter.WorkerStarted(_settings.Name);
                node.Agent!.Tell(new StartRemoteWorker(Self, id, worker.Name, _settings.Initializer, _settings.MaxTasksPerChild, _settings.BatchBytes));
            }
        }
    }

    /// <summary>A node is gone for this pool: its workers are lost now (their tasks fail or run again elsewhere).</summary>
    private void LoseNode(Address address, string why)
    {
        if (!_nodes.TryGetValue(address, out var node) || node.Lost || SelfMembership.IsLeaving(Context.System, address))
        {
            return;
        }

        node.Lost = true;
        foreach (var worker in _workers.Where(w => w.Host == node).ToList())
        {
            Exited(new WorkerExited(worker, Code: null, Loss: why));
        }
    }

    /// <summary>The router stops: the nodes' agents end whatever workers of it they still run.</summary>
    private void LeaveNodes()
    {
        if (_settings.Cluster is null)
        {
            return;
        }

        foreach (var node in _nodes.Values.Where(n => n.Agent is not null))
        {
            node.Agent!.Tell(new StopPoolWorkers(Self));
        }

        Cluster.Get(Context.System).Unsubscribe(Self);
    }

    /// <summary>What a task's bytes are on their way to <paramref name="worker"/>: a remote one gets them inside the message.</summary>
    private static Payload Travelling(Worker worker, Payload payload) =>
        worker.Process is null && payload.Path is not null ? new Payload(payload.Read(), null) : payload;

    /// <summary>The refusal of a payload too large for a message between nodes; null when it fits (or stays on this host).</summary>
    private TransferException? TooLargeToTravel(Payload travelling) =>
        travelling.Inline is { } bytes && bytes.Length >= _frameBytes - WorkerRelay.TravelMargin
            ? new TransferException(
                "The items of a cluster pool task",
                $"they are {bytes.Length:N0} bytes, more than a message between nodes carries (akka.remote.dot-netty.tcp.maximum-frame-size, {_frameBytes:N0} bytes); " +
                "send less per task (a path on shared storage, or smaller chunks), or raise the frame size on every node")
            : null;

    /// <summary>A node of the pool's role, as the router knows it.</summary>
    private sealed class WorkerNode(Address address)
    {
        public Address Address { get; } = address;

        /// <summary>The node's agent, once it answered the offer.</summary>
        public IActorRef? Agent { get; set; }

        /// <summary>How many workers it runs for this pool.</summary>
        public int Processes { get; set; }

        /// <summary>Unreachable, left or removed: its workers were counted lost.</summary>
        public bool Lost { get; set; }
    }
}
