namespace Examples.M2;

/// <summary>The seed's runProcess.</summary>
public static class Work
{
    public static void RunProcess()
    {
        Console.WriteLine($"子进程的pid,os.getpid::---> {Environment.ProcessId}");
        Thread.Sleep(TimeSpan.FromSeconds(10));
        Console.WriteLine("1");
    }
}
