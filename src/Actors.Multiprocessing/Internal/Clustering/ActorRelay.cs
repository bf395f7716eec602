using Actors.Multiprocessing.Internal.Isolation;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Clustering;

/// <summary>
/// Stands between a process-isolated actor's proxy on another node and the actor's process on this host,
/// which listens on loopback only: messages for the actor go through it with their senders (the actor answers
/// those senders directly), and the host's reports (up, failed and waiting for a decision, stopped) go through
/// it to the proxy.
/// </summary>
internal sealed class ActorRelay : ReceiveActor
{
    // As the child's host waits for a decision before it stops the actor.
    private static readonly TimeSpan DecisionBound = TimeSpan.FromMinutes(1);

    private IActorRef? _actor;

    public ActorRelay(IActorRef proxy)
    {
        Receive<ActorHosted>(hosted =>
        {
            _actor = hosted.Actor;
            proxy.Tell(hosted with { Actor = Self });
        });
        Receive<ActorFailed>(failed => proxy.Ask<FailureDecision>(failed, DecisionBound).PipeTo(Sender));
        Receive<HostedActorStopped>(stopped => proxy.Tell(stopped));
        ReceiveAny(message => _actor?.Forward(message));
    }

    public static Props Props(IActorRef proxy) => Akka.Actor.Props.Create(() => new ActorRelay(proxy));
}
