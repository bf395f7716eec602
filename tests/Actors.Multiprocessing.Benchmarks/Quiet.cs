using System.Diagnostics;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>
/// Waits before a scenario until the machine's CPU is idle, so that what an earlier scenario left running in
/// the background (pool workers retiring, warm hosts booting for its burst) is not timed in the next one.
/// Scenarios also wait after their warm-up (<c>Warm</c>), and pipe_round_trip after its child started; the
/// other scenarios' own background work (the host that replaces the one a Start took) is timed.
/// </summary>
internal static class Quiet
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>Waits until a 100 ms window passes with the CPU at least 90% idle, for 5 s at most (then says so on stderr).</summary>
    public static void Wait(string before)
    {
        var waited = Stopwatch.StartNew();
        while (IdleShare() < 0.9)
        {
            if (waited.Elapsed > Patience)
            {
                Console.Error.WriteLine($"The CPU was still busy {Patience.TotalSeconds} s before {before}; measuring anyway.");
                return;
            }
        }
    }

    /// <summary>The share of CPU time spent idle over one window, from /proc/stat's first line.</summary>
    private static double IdleShare()
    {
        var (idle, total) = Read();
        Thread.Sleep(Window);
        var (idleAfter, totalAfter) = Read();
        return totalAfter == total ? 1 : (double)(idleAfter - idle) / (totalAfter - total);
    }

    private static (long Idle, long Total) Read()
    {
        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait count as idle.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (fields[3] + fields[4], fields.Sum());
    }
}
