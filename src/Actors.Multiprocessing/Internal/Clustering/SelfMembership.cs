using Akka.Actor;
using Akka.Cluster;

namespace Actors.Multiprocessing.Internal.Clustering;

/// <summary>
/// Whether this node is on its way out of the cluster. As it leaves (or is downed, or its system ends), the
/// cluster reports every other member removed too: that is not their loss, and nothing is failed for it.
/// </summary>
internal static class SelfMembership
{
    public static bool IsLeaving(ActorSystem system, Address removed)
    {
        var cluster = Cluster.Get(system);
        return cluster.IsTerminated
            || removed.Equals(cluster.SelfAddress)
            || cluster.SelfMember.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed;
    }
}
