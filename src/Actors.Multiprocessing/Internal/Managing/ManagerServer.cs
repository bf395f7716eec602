using System.Net;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// The target of a manager process: it hosts the <see cref="ManagerActor"/> (and, given an address, a
/// <see cref="RemoteServer"/> for processes outside the family), says where, and serves until it is ended.
/// </summary>
internal static class ManagerServer
{
    /// <summary>Puts "actor path" then, when it serves on an address, the port, on <paramref name="ready"/>.</summary>
    public static void Serve(ProcessQueue<string> ready, string? host, int port, byte[]? authKey, byte[]? certificate)
    {
        var objects = new ManagedObjects();
        var runtime = Runtime.Current;
        var manager = runtime.System.ActorOf(ManagerActor.Props(objects), "manager");
        ready.Put(manager.Path.ToStringWithAddress(runtime.Address));
        if (host is not null)
        {
            var tls = certificate is null ? null : ManagerTls.Import(certificate);
            ready.Put(RemoteServer.Start(new IPEndPoint(IPAddress.Parse(host), port), authKey!, tls, objects).ToString());
        }

        // Until Shutdown terminates it, or its parent dies (then its stdin breaks and it exits).
        Thread.Sleep(Timeout.Infinite);
    }
}
