using Actors.Multiprocessing.Internal.Clustering;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Isolation;

/// <summary>
/// A proxy whose actor runs on a cluster node of a role (<see cref="ChildProcessOptions.Role"/>): it hears
/// from the node's agent that the process started or exited, and from the cluster that the node was lost
/// (unreachable, left or removed), which ends the process as far as supervision is concerned. Until a node of
/// the role is up, messages wait, as they do while any process starts.
/// </summary>
internal sealed partial class ProcessActorProxy
{
    private void SubscribeCluster()
    {
        if (Context.System is not ExtendedActorSystem { Provider: Akka.Cluster.ClusterActorRefProvider })
        {
            throw new InvalidOperationException(
                $"{Self.Path.Name} is to run on a '{_spec.Options.Role}' node of a cluster, and this process is not a cluster member: " +
                "call ClusterNode.Start before creating the actor, or leave ChildProcessOptions.Role null to run it in a child of this process.");
        }

        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
    }

    private void UnsubscribeCluster()
    {
        if (_spec.Options.Role is not null && Context.System is ExtendedActorSystem { Provider: Akka.Cluster.ClusterActorRefProvider })
        {
            Cluster.Get(Context.System).Unsubscribe(Self);
        }
    }

    private void ClusterSupervision()
    {
        Receive<IsolatedActorStarted>(started => (_process as NodeActorProcess)?.Started(started.Pid));
        Receive<IsolatedActorExited>(exited =>
        {
            if (_process is NodeActorProcess node && node.IsAlive)
            {
                if (exited.Failure is { } failure)
                {
                    Context.GetLogger().Warning("{0} on {1}: {2}", Self.Path.Name, node.Node, failure);
                }

                Ended(node.Exited(Self.Path.ToString(), exited.ExitCode));
            }
        });
        Receive<ClusterEvent.MemberUp>(_ => PlaceIfWaiting());
        Receive<ClusterEvent.MemberWeaklyUp>(_ => PlaceIfWaiting());
        Receive<ClusterEvent.UnreachableMember>(e => NodeLost(e.Member.Address, "it became unreachable"));
        Receive<ClusterEvent.MemberLeft>(e => NodeLost(e.Member.Address, "it left the cluster"));
        Receive<ClusterEvent.MemberRemoved>(e => NodeLost(e.Member.Address, "it was removed from the cluster"));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => PlaceIfWaiting());
    }

    /// <summary>A process that found no node of its role is placed once one is up.</summary>
    private void PlaceIfWaiting()
    {
        if (_process is NodeActorProcess { Node: null } node && !_ending)
        {
            node.Start(Context.System, Self, _spec, ProcessName);
        }
    }

    private void NodeLost(Address address, string why)
    {
        if (SelfMembership.IsLeaving(Context.System, address))
        {
            return;
        }

        if (_process is NodeActorProcess node && node.Lost(Self.Path.ToString(), address, why) is { } ended)
        {
            Ended(ended);
        }
    }
}
