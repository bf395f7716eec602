using Akka.Actor;

namespace Actors.Multiprocessing.Internal;

/// <summary>The child's end of the handshake: receives the target from the parent's <see cref="ProcessSupervisor"/>.</summary>
internal sealed class ChildHostActor : ReceiveActor
{
    public ChildHostActor(TaskCompletionSource<byte[]> target)
    {
        Receive<RunTarget>(run => target.TrySetResult(run.Payload));
    }

    public static Props Props(TaskCompletionSource<byte[]> target) =>
        Akka.Actor.Props.Create(() => new ChildHostActor(target));
}
