using System.Diagnostics;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>
/// The cost of the family's transport: two ActorSystems of this process talking over loopback TCP, with the
/// library's settings, with mutual TLS (the default) or without it.
/// </summary>
internal static class RemoteRoundTrip
{
    private const int Sequential = 2_000;
    private const int Pipelined = 20_000;

    public static void Run(bool tls, Action<string, double, string> emit)
    {
        using var server = Create("server", tls);
        using var client = Create("client", tls);
        var echo = server.ActorOf(Props.Create(() => new Echo()), "echo");
        var address = ((ExtendedActorSystem)server).Provider.DefaultAddress;
        var remoteEcho = ((ExtendedActorSystem)client).Provider.ResolveActorRef(new RootActorPath(address) / "user" / "echo");
        GC.KeepAlive(echo);

        for (var i = 0; i < 200; i++)
        {
            remoteEcho.Ask<int>(i, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Sequential; i++)
        {
            remoteEcho.Ask<int>(i, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }

        emit("remote_round_trip", watch.Elapsed.TotalMicroseconds / Sequential, "µs");

        watch.Restart();
        var replies = Enumerable.Range(0, Pipelined).Select(i => remoteEcho.Ask<int>(i, TimeSpan.FromSeconds(60))).ToArray();
        Task.WaitAll(replies);
        emit("remote_pipelined", Pipelined / watch.Elapsed.TotalSeconds, "msgs/s");
    }

    private static ActorSystem Create(string name, bool tls)
    {
        ActorSystemSetup setup = tls
            ? ProcessRuntime.DefaultSetup
            : ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(ProcessRuntime.DefaultConfig));
        return ActorSystem.Create(name, setup);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}
