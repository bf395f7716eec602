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
