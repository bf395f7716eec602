using System.Diagnostics;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Clustering;
using Akka.Actor;
using Akka.Cluster;

namespace Actors.Multiprocessing;

/// <summary>
/// This process as a member of an Akka.Cluster: the library's ActorSystem, joined to its seed nodes over
/// mutual TLS on a <see cref="ClusterCertificate"/>. A node with worker processes runs the agent that starts
/// and supervises them for cluster pools (<see cref="ClusterPoolOptions"/>); a driver joins without them and
/// creates the pools. Downing is Akka's split brain resolver (keep-majority, hocon/cluster.conf); a node that
/// leaves or is downed takes its workers with it.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private static ClusterNode? _current;

    private readonly Cluster _cluster;
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClusterNode(ActorSystem system, IReadOnlyList<string> roles)
    {
        System = system;
        Roles = roles;
        _cluster = Cluster.Get(system);
        Address = _cluster.SelfAddress;
        _cluster.RegisterOnMemberUp(() => _up.TrySetResult());
        _cluster.RegisterOnMemberRemoved(() =>
        {
            _removed.TrySetResult();
            // A node that left or was downed is of no more use: its system ends, and its workers with it.
            system.Terminate();
        });
    }

    /// <summary>This process's node, once <see cref="Start"/> (or Akka.Hosting's <c>WithMultiprocessingCluster</c>) made it one; null before.</summary>
    public static ClusterNode? Current => _current;

    /// <summary>This node's address, as the other members know it.</summary>
    public Address Address { get; }

    /// <summary>This node's roles.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>The ActorSystem of this node, which is also the library's in this process.</summary>
    public ActorSystem System { get; }

    /// <summary>Completes once this node is a member (Up).</summary>
    public Task WhenUp => _up.Task;

    /// <summary>Completes once this node has left the cluster, or was downed: its ActorSystem then terminates, and its workers end with it.</summary>
    public Task WhenRemoved => _removed.Task;

    /// <summary>
    /// Starts the library's ActorSystem as a cluster node and joins the cluster (or forms it, without seeds).
    /// Call it first, before anything else of the library has started its ActorSystem in this process.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, or a seed is not <c>host:port</c>.</exception>
    /// <exception cref="InvalidOperationException">
    /// The hostname is not a loopback address and there is no certificate, or the library's ActorSystem runs already.
    /// </exception>
    public static ClusterNode Start(ClusterNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = ClusterNodeSetup.From(options);
        lock (typeof(ClusterNode))
        {
            if (Runtime.IsStarted)
            {
                throw new InvalidOperationException(
                    _current is null
                        ? "The library's ActorSystem is already running in this process; call ClusterNode.Start before the first Process, Pool or queue."
                        : $"This process is already the cluster node {_current.Address}; one process is one node.");
            }

            return Attach(settings.CreateSystem(), settings);
        }
    }

    /// <summary>
    /// Makes <paramref name="system"/>, created from <paramref name="settings"/>' configuration and setup, this
    /// process's node and the library's system; starts the agent of a node with workers, and joins.
    /// </summary>
    internal static ClusterNode Attach(ActorSystem system, ClusterNodeSetup settings)
    {
        lock (typeof(ClusterNode))
        {
            settings.UseCertificate();
            Runtime.Use(system);
            var node = new ClusterNode(system, settings.Roles);
            if (settings.WorkerProcesses > 0)
            {
                system.ActorOf(WorkerAgent.Props(settings.WorkerProcesses), WorkerAgent.Name);
            }

            settings.Join(node._cluster);
            _current = node;
            return node;
        }
    }

    /// <summary>The members that are up (or weakly up) now, of <paramref name="role"/> when given.</summary>
    public IReadOnlyList<Address> Members(string? role = null) =>
        [.. _cluster.State.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp && (role is null || m.HasRole(role)))
            .Where(m => !_cluster.State.Unreachable.Contains(m))
            .Select(m => m.Address)];

    /// <summary>Waits until at least <paramref name="count"/> reachable members of <paramref name="role"/> are up.</summary>
    /// <exception cref="TimeoutException">They were not within <paramref name="timeout"/>; the message lists who was.</exception>
    public async Task WaitForMembersAsync(string role, int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var limit = Timeouts.Normalize(timeout);
        var started = Stopwatch.GetTimestamp();
        while (Members(role).Count < count)
        {
            if (Timeouts.Left(limit, started) <= TimeSpan.Zero)
            {
                var up = Members(role);
                throw new TimeoutException(
                    $"{up.Count} of the {count} '{role}' members this node waited for were up after {Timeouts.Describe(limit)} ({string.Join(", ", up)}). " +
                    "Are the nodes started with the same certificate, and this node's seeds written as the seed's own hostname:port?");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Leaves the cluster gracefully: this node's workers stop (their tasks count as lost), then its ActorSystem terminates.</summary>
    public async Task LeaveAsync()
    {
        if (!_removed.Task.IsCompleted && !System.WhenTerminated.IsCompleted)
        {
            await _cluster.LeaveAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        await System.Terminate().ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="LeaveAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await LeaveAsync().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The cluster did not confirm the leave in time (a lone node, a partition): terminate regardless.
            await System.Terminate().ConfigureAwait(false);
        }
    }
}
