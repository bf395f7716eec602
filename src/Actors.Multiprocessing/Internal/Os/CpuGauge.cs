using System.Diagnostics;

namespace Actors.Multiprocessing.Internal.Os;

/// <summary>
/// Whether the machine had a core to spare between two looks, from the idle time in /proc/stat: warm hosts
/// boot on spare CPU (<see cref="Child.WarmHosts"/>), not on the CPU that the children of the moment use.
/// Not thread-safe: the caller locks.
/// </summary>
internal sealed class CpuGauge
{
    /// <summary>How much idle CPU counts as spare: half a core, averaged over the window.</summary>
    private const double SpareCores = 0.5;

    /// <summary>The shortest window judged: /proc/stat counts in ticks of 10 ms per core.</summary>
    private static readonly TimeSpan ShortestWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A look older than this says nothing of now: a window that long would mostly show the CPU before a change
    /// (a child that just started). Looks come every 0.1 s while hosts are held back.
    /// </summary>
    private static readonly TimeSpan LongestWindow = TimeSpan.FromMilliseconds(150);

    private long _at;
    private long _idle;
    private long _total;

    /// <summary>
    /// True when at least half a core was idle since the previous look (50 to 150 ms ago), false when less
    /// was, null when there was no such look (this one is remembered for the next). Always true where
    /// /proc/stat cannot be read.
    /// </summary>
    public bool? HadSpareCore()
    {
        if (Read() is not var (idle, total, cores))
        {
            return true;
        }

        var now = Stopwatch.GetTimestamp();
        var window = _at == 0 ? LongestWindow : Stopwatch.GetElapsedTime(_at, now);
        if (window < ShortestWindow)
        {
            // Too short to judge: the older look stays, and the next one is judged against it.
            return null;
        }

        bool? spare = window >= LongestWindow || total == _total
            ? null
            : (double)(idle - _idle) / (total - _total) * cores >= SpareCores;
        (_at, _idle, _total) = (now, idle, total);
        return spare;
    }

    /// <summary>The idle and total ticks of all cores and the number of cores, from /proc/stat; null where it cannot be read.</summary>
    private static (long Idle, long Total, int Cores)? Read()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "cpu  user nice system idle iowait irq softirq steal ...", then a "cpuN" line per core; idle and iowait count as idle.
        var ticks = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var cores = lines.Count(line => line.Length > 3 && line.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(line[3]));
        return (ticks[3] + ticks[4], ticks.Sum(), Math.Max(1, cores));
    }
}
