using Actors.Multiprocessing.Internal.Clustering;
using Akka.Actor;
using Akka.Cluster;

namespace Actors.Multiprocessing.Internal.Isolation;

/// <summary>
/// A process-isolated actor's process on a cluster node of a role: the node's <see cref="WorkerAgent"/> runs
/// it and says when it started and exited; the loss of the node (unreachable, left, removed) ends it too.
/// Nodes are taken in turn among the reachable ones of the role.
/// </summary>
internal sealed class NodeActorProcess(string role) : ActorProcess
{
    private static int _turn;

    private ActorSelection? _agent;
    private IActorRef? _proxy;
    private int _pid;
    private bool _ended;

    /// <summary>The node it was placed on; null until placed.</summary>
    public Address? Node { get; private set; }

    public override int Pid => _pid;

    public override bool IsAlive => Node is not null && !_ended;

    public override bool Start(ActorSystem system, IActorRef proxy, IsolatedActorSpec spec, string name)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var nodes = state.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp && m.HasRole(role) && !state.Unreachable.Contains(m))
            .Select(m => m.Address)
            .OrderBy(a => a.ToString(), StringComparer.Ordinal)
            .ToList();
        if (nodes.Count == 0)
        {
            return false;
        }

        Node = nodes[(Interlocked.Increment(ref _turn) & int.MaxValue) % nodes.Count];
        _proxy = proxy;
        _agent = system.ActorSelection(new RootActorPath(Node) / "user" / WorkerAgent.Name);
        _agent.Tell(new HostIsolatedActor(proxy, name, spec.ActorType, spec.Arguments), proxy);
        return true;
    }

    public override void Terminate() => _agent?.Tell(new StopIsolatedActor(_proxy!), _proxy);

    public void Started(int pid) => _pid = pid;

    /// <summary>What the proxy throws once the node said the process exited (a failure to start counts as exit code 1).</summary>
    public ActorProcessEnded Exited(string actor, int? exitCode)
    {
        _ended = true;
        return new ActorProcessEnded(this, new ChildProcessExitedException(actor, _pid, exitCode ?? 1));
    }

    /// <summary>What the proxy throws once the node is lost; null when <paramref name="node"/> is not this process's.</summary>
    public ActorProcessEnded? Lost(string actor, Address node, string why)
    {
        if (_ended || !node.Equals(Node))
        {
            return null;
        }

        _ended = true;
        return new ActorProcessEnded(this, new ChildProcessExitedException(actor, _pid, node.ToString(), why));
    }
}
