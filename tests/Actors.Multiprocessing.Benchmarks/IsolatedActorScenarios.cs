using System.Diagnostics;
using Akka.Actor;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>
/// Process-isolated actors (Props.InChildProcess): an Ask round trip to an actor in a child process, and
/// one-way Tells to it, in a family ActorSystem of this process's own (as an Akka app has).
/// </summary>
internal static class IsolatedActorScenarios
{
    private const int RoundTrips = 2_000;
    private const int Tells = 100_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static void Run(Action<string, double, string> emit)
    {
        var system = ActorSystem.Create("bench", ProcessRuntime.DefaultSetup);
        try
        {
            ProcessRuntime.UseActorSystem(system);
            var actor = system.ActorOf(Props.Create<CountingEcho>().InChildProcess(), "echo");
            for (var i = 0; i < 200; i++)
            {
                actor.Ask<int>(i, Timeout).GetAwaiter().GetResult();
            }

            var watch = Stopwatch.StartNew();
            for (var i = 0; i < RoundTrips; i++)
            {
                actor.Ask<int>(i, Timeout).GetAwaiter().GetResult();
            }

            emit("actor_round_trip", watch.Elapsed.TotalMicroseconds / RoundTrips, "us/round-trip");

            var before = actor.Ask<long>(CountingEcho.Count, Timeout).GetAwaiter().GetResult();
            watch.Restart();
            for (var i = 0; i < Tells; i++)
            {
                actor.Tell(i, ActorRefs.NoSender);
            }

            // Replies come after every Tell before them (one sender, one receiver: in order).
            var counted = actor.Ask<long>(CountingEcho.Count, Timeout).GetAwaiter().GetResult();
            emit("actor_throughput", Tells / watch.Elapsed.TotalSeconds, "msgs/s");
            if (counted - before != Tells)
            {
                throw new InvalidOperationException($"actor_throughput: the actor counted {counted - before} of {Tells} messages.");
            }
        }
        finally
        {
            system.Terminate().Wait(Timeout);
        }
    }
}

/// <summary>Counts what it receives; echoes an int to its sender, if any; answers <see cref="Count"/> with the count.</summary>
public sealed class CountingEcho : ReceiveActor
{
    public const string Count = "count";

    private long _received;

    public CountingEcho()
    {
        Receive<int>(n =>
        {
            _received++;
            if (!Sender.IsNobody())
            {
                Sender.Tell(n);
            }
        });
        Receive<string>(text => text == Count, _ => Sender.Tell(_received));
    }
}
