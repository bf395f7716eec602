using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// The manager's address in the family, in the manager process: it attaches the link of a client process
/// (<see cref="AttachLink"/>), through which that process's calls on the <see cref="ManagedObjects"/> then
/// travel, in shared memory and not through this actor.
/// </summary>
internal sealed class ManagerActor : ReceiveActor
{
    public ManagerActor(ManagedObjects objects)
    {
        Receive<AttachLink>(attach =>
        {
            try
            {
                ManagerLink.Serve(attach.End, objects);
                Sender.Tell(new LinkAttached());
            }
            catch (Exception e)
            {
                // Its client would otherwise ask again until it gives up: it hears why at once.
                Sender.Tell(new Status.Failure(new InvalidOperationException($"The manager could not serve the link: {e.Message}")));
            }
        });
    }

    public static Props Props(ManagedObjects objects) => Akka.Actor.Props.Create(() => new ManagerActor(objects));
}
