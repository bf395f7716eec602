namespace Examples.M4;

/// <summary>The seed's startWork, and a small task for the Map example.</summary>
public static class Work
{
    public static void StartWork(int i)
    {
        Console.WriteLine($"pid----> {Environment.ProcessId}  and iam  --> {i}");
        Thread.Sleep(TimeSpan.FromSeconds(1));
        Console.WriteLine($"end {i}");
    }

    public static long SumOfSquaresBelow(int n)
    {
        long sum = 0;
        for (long k = 0; k < n; k++)
        {
            sum += k * k;
        }

        return sum;
    }
}
