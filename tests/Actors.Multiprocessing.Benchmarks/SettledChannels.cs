using System.Diagnostics;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>
/// The pipe scenarios once the child has settled: the same work as pipe_round_trip and pipe_bytes, measured
/// after the child's ActorSystem has booted beside it and the replacement warm host has started, so that the
/// figures are the channel's own rather than the start of a child (see README, Benchmarks).
/// </summary>
internal static class SettledChannels
{
    private const int RoundTrips = 20_000;
    private const int Blocks = 4_096;
    private const int BlockSize = 65_536;

    // Long enough for a child's ActorSystem and a new warm host to finish booting on this 2-core machine.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static void Run(Action<string, double, string> emit)
    {
        var (a, b) = Pipe.Create<int>();
        var (bytesOut, bytesIn) = Pipe.Create<byte[]>();
        var child = new Process(() => Targets.EchoThenSink(b, RoundTrips, bytesIn, Blocks, BlockSize));
        child.Start();
        a.Send(0);
        a.Recv();
        Thread.Sleep(Settle);

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < RoundTrips - 1; i++)
        {
            a.Send(i);
            a.Recv();
        }

        emit("pipe_round_trip_settled", watch.Elapsed.TotalMicroseconds / (RoundTrips - 1), "us/round-trip");

        var block = new byte[BlockSize];
        watch.Restart();
        for (var i = 0; i < Blocks; i++)
        {
            bytesOut.SendBytes(block);
        }

        child.Join();
        emit("pipe_bytes_settled", (double)Blocks * BlockSize / 1e6 / watch.Elapsed.TotalSeconds, "MB/s");
    }
}
