using System.Diagnostics;
using System.Globalization;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>What the benchmark children run.</summary>
public static class Targets
{
    public static void Noop()
    {
    }

    public static int Identity(int x) => x;

    public static void Idle(TimeSpan duration) => Thread.Sleep(duration);

    public static int Square(int x) => x * x;

    public static void Consume(ProcessQueue<int> q, int n)
    {
        for (var i = 0; i < n; i++)
        {
            q.Get();
        }
    }

    /// <summary>Says it is running, then gets <paramref name="n"/> items.</summary>
    public static void StreamConsume(ProcessQueue<int> q, int n, ProcessEvent ready)
    {
        ready.Set();
        for (var i = 0; i < n; i++)
        {
            q.Get();
        }
    }

    /// <summary>Echoes <paramref name="roundTrips"/> messages, then receives <paramref name="blocks"/> blocks as <see cref="BytesSink"/>.</summary>
    public static void EchoThenSink(Connection<int> echo, int roundTrips, Connection<byte[]> sink, int blocks, int size)
    {
        Echo(echo, roundTrips);
        BytesSink(sink, blocks, size);
    }

    /// <summary>Receives <paramref name="n"/> messages of <paramref name="size"/> bytes into one reused buffer.</summary>
    public static void BytesSink(Connection<byte[]> conn, int n, int size)
    {
        var buffer = new byte[size];
        for (var i = 0; i < n; i++)
        {
            var length = conn.RecvBytesInto(buffer);
            if (length != size)
            {
                throw new InvalidOperationException($"Message {i} held {length} bytes, not {size}.");
            }
        }
    }

    public static void Echo(Connection<int> conn, int n)
    {
        for (var i = 0; i < n; i++)
        {
            conn.Send(conn.Recv());
        }
    }

    public static void Bump(SharedValue<int> value, int n)
    {
        for (var i = 0; i < n; i++)
        {
            using (value.GetLock())
            {
                value.Value += 1;
            }
        }
    }

    /// <summary>Prints the milliseconds since the parent's timestamp (the monotonic clock is machine-wide).</summary>
    public static void ReportArrival(long parentTimestamp) =>
        Console.WriteLine(Stopwatch.GetElapsedTime(parentTimestamp).TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
}
