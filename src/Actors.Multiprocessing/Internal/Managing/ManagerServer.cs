using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>The target of a manager process: it hosts the <see cref="ManagerActor"/>, says where, and serves until it is ended.</summary>
internal static class ManagerServer
{
    public static void Serve(ProcessQueue<string> ready)
    {
        var runtime = Runtime.Current;
        var manager = runtime.System.ActorOf(ManagerActor.Props(new ManagedObjects()), "manager");
        ready.Put(manager.Path.ToStringWithAddress(runtime.Address));
        // Until Shutdown terminates it, or its parent dies (then its stdin breaks and it exits).
        Thread.Sleep(Timeout.Infinite);
    }
}
