using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Isolation;

/// <summary>The child's host made the actor: messages for it go to <paramref name="Actor"/> from now on.</summary>
internal sealed record ActorHosted(IActorRef Actor, int Pid) : IWireMessage;

/// <summary>The actor in the child threw; the sender waits for the parent's <see cref="FailureDecision"/>.</summary>
internal sealed record ActorFailed(RemoteError Error) : IWireMessage;

/// <summary>What the parent's supervisor decided for a failure: Resume, Restart or Stop, applied in the child.</summary>
internal sealed record FailureDecision(string Directive) : IWireMessage
{
    public static readonly FailureDecision Resume = new(nameof(Akka.Actor.Directive.Resume));
    public static readonly FailureDecision Restart = new(nameof(Akka.Actor.Directive.Restart));
    public static readonly FailureDecision Stop = new(nameof(Akka.Actor.Directive.Stop));
}

/// <summary>The actor in the child stopped by itself; its proxy stops too.</summary>
internal sealed record HostedActorStopped : IWireMessage;
