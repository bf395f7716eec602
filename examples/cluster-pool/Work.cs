namespace Examples.ClusterPool;

/// <summary>The task every worker of the cluster runs.</summary>
public static class Work
{
    /// <summary>x*x, after sleeping <paramref name="milliseconds"/> (a stand-in for real work).</summary>
    public static long Square(long x, int milliseconds)
    {
        if (milliseconds > 0)
        {
            Thread.Sleep(milliseconds);
        }

        return x * x;
    }
}
