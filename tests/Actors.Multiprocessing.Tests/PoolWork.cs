namespace Actors.Multiprocessing.Tests;

/// <summary>Tasks for the pool specs, run in worker processes.</summary>
public static class PoolWork
{
    private static string? _config;

    public static int Square(int x) => x * x;

    public static int Add(int a, int b) => a + b;

    public static int Pid() => Environment.ProcessId;

    public static byte[] Reverse(byte[] bytes) => [.. bytes.Reverse()];

    public static int PidAfter(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return Environment.ProcessId;
    }

    /// <summary>Sleeps longer for smaller x, so later items finish first.</summary>
    public static int SlowForSmall(int x, int count)
    {
        Thread.Sleep((count - x) * 20);
        return x;
    }

    public static int Fail(string message) => throw new ArgumentException(message, "x");

    public static int FailOn(int x, int bad) => x == bad ? throw new InvalidOperationException($"item {x} is bad") : x;

    /// <summary>Fails at once on <paramref name="bad"/>, and takes a while for every other item, so they finish after it.</summary>
    public static int FailOnOrSleep(int x, int bad, int milliseconds)
    {
        Thread.Sleep(x == bad ? 0 : milliseconds);
        return FailOn(x, bad);
    }

    public static void Nothing()
    {
    }

    public static void Init(string config) => _config = config;

    public static void FailingInit() => throw new InvalidOperationException("the initializer broke");

    public static string Config() => $"{_config}@{Environment.ProcessId}";

    /// <summary>A result that cannot leave the worker: Hyperion refuses FileInfo.</summary>
    public static FileInfo Unsendable() => new("/tmp");

    public static void Sleep(int milliseconds) => Thread.Sleep(milliseconds);

    /// <summary>Reports this worker's pid on <paramref name="started"/>, then sleeps: a task to kill its worker under.</summary>
    public static int ReportThenSleep(ProcessQueue<int> started, int milliseconds)
    {
        started.Put(Environment.ProcessId);
        Thread.Sleep(milliseconds);
        return Environment.ProcessId;
    }

    public static int SleepThenSquare(int x, int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return x * x;
    }
}
