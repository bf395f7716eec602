using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// The manager's address in the family, in the manager process: it answers requests about the objects
/// (<see cref="ManagedObjects"/>), and attaches the link of a client process (<see cref="AttachLink"/>), after
/// which that process's calls travel through shared memory and no longer through this actor.
/// </summary>
internal sealed class ManagerActor : ReceiveActor
{
    public ManagerActor(ManagedObjects objects)
    {
        Receive<AttachLink>(attach =>
        {
            ManagerLink.Serve(attach.End, objects);
            Sender.Tell(new LinkAttached());
        });
        ReceiveAny(request => Sender.Tell(objects.Handle(request)));
    }

    public static Props Props(ManagedObjects objects) => Akka.Actor.Props.Create(() => new ManagerActor(objects));
}
