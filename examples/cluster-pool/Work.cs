using System.Globalization;

namespace Examples.ClusterPool;

/// <summary>The task every worker of the cluster runs.</summary>
public static class Work
{
    /// <summary>
    /// x*x, after sleeping <paramref name="milliseconds"/> (a stand-in for real work). With a
    /// <paramref name="trace"/> directory, each run first appends "x" to the file named after its worker's pid
    /// there (one writer per file): which tasks ran where, and how often.
    /// With a <paramref name="gate"/>, a run returns only once that file exists: a map held in flight.
    /// </summary>
    public static long Square(long x, int milliseconds, string? trace, string? gate)
    {
        if (trace is not null)
        {
            File.AppendAllText(Path.Combine(trace, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)), $"{x}\n");
        }

        while (gate is not null && !File.Exists(gate))
        {
            Thread.Sleep(20);
        }

        if (milliseconds > 0)
        {
            Thread.Sleep(milliseconds);
        }

        return x * x;
    }

    /// <summary>The process id of the worker that runs it, after sleeping <paramref name="milliseconds"/>: which workers answer.</summary>
    public static int ProcessId(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return Environment.ProcessId;
    }
}
