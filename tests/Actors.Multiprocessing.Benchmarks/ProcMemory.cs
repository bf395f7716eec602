using System.Globalization;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>A process's memory read from Linux's /proc, in MB, as the CPython reference's <c>proc_mb</c> reads it.</summary>
internal static class ProcMemory
{
    /// <summary>Resident memory: VmRSS from /proc/PID/status; NaN when the process is gone.</summary>
    public static double ResidentMegabytes(int pid) => Megabytes($"/proc/{pid}/status", "VmRSS:");

    /// <summary>Proportional memory: Pss from /proc/PID/smaps_rollup, shared pages divided among their sharers; NaN when the process is gone.</summary>
    public static double ProportionalMegabytes(int pid) => Megabytes($"/proc/{pid}/smaps_rollup", "Pss:");

    /// <summary>The kB figure on the line that starts with <paramref name="field"/>, over 1024; NaN when the file or the line is missing.</summary>
    private static double Megabytes(string path, string field)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return double.NaN;
        }

        var line = lines.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null
            ? double.NaN
            : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
