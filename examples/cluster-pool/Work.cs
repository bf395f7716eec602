namespace Examples.ClusterPool;

/// <summary>The task every worker of the cluster runs.</summary>
public static class Work
{
    /// <summary>
    /// x*x, after sleeping <paramref name="milliseconds"/> (a stand-in for real work). With a
    /// <paramref name="trace"/> file, each run appends "x pid" to it first: which tasks ran where, and how often.
    /// </summary>
    public static long Square(long x, int milliseconds, string? trace)
    {
        if (trace is not null)
        {
            File.AppendAllText(trace, $"{x} {Environment.ProcessId}\n");
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
