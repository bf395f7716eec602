using System.Diagnostics;

namespace Actors.Multiprocessing.Tests;

/// <summary>Targets the specs run in child processes.</summary>
public static class Work
{
    public static void Sleep(TimeSpan duration) => Thread.Sleep(duration);

    public static void Nothing()
    {
    }

    public static void Fail(string message) => throw new InvalidOperationException(message);

    public static void Print(string text) => Console.WriteLine(text);

    public static void PrintSum(int a, int b) => Console.WriteLine($"sum={a + b}");

    public static int Add(int a, int b) => a + b;

    public static void ExitWith(int code) => Environment.Exit(code);

    public static async Task PrintAfterAwaitAsync(string text)
    {
        await Task.Delay(50);
        await Task.Yield();
        Console.WriteLine(text);
    }

    public static async Task FailAfterAwaitAsync(string message)
    {
        await Task.Yield();
        throw new ArgumentException(message);
    }

    public static void PrintFamily()
    {
        var current = Process.Current;
        var parent = Process.Parent!;
        Console.WriteLine($"current={current.Name}|{current.Pid}|{current.IsAlive}");
        Console.WriteLine($"parent={parent.Name}|{parent.Pid}|{parent.IsAlive}");
        Console.WriteLine($"authkey={Convert.ToHexString(current.AuthKey)}");
    }

    public static void Invoke(Func<int> callback) => callback();

    public static void Read(Stream stream) => stream.ReadByte();

    public static void Describe(FileInfo file) => Console.WriteLine(file.FullName);

    public static void Describe(Payload payload) => Console.WriteLine($"payload={payload.Name}:{payload.Values.Sum()}");

    /// <summary>Starts a plain OS grandchild (not a library child), writes its pid to a file, and waits.</summary>
    public static void SpawnSleeperAndWait(string pidFile)
    {
        using var sleeper = System.Diagnostics.Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        WritePid(pidFile, sleeper.Id);
        Thread.Sleep(TimeSpan.FromMinutes(5));
    }

    /// <summary>Starts a library grandchild, writes its pid to a file, and waits.</summary>
    public static void StartChildAndWait(string pidFile)
    {
        var grandchild = new Process(() => Sleep(TimeSpan.FromMinutes(5)));
        grandchild.Start();
        WritePid(pidFile, grandchild.Pid!.Value);
        Thread.Sleep(TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// Starts a daemon grandchild that would sleep for minutes and a non-daemon one that prints after a moment,
    /// writes the daemon's pid to a file, and returns: exit rules decide what happens to both.
    /// </summary>
    public static void StartChildrenAndReturn(string daemonPidFile)
    {
        var daemon = new Process(() => Sleep(TimeSpan.FromMinutes(5)), daemon: true);
        var worker = new Process(() => PrintAfterAwaitAsync("worker finished"));
        daemon.Start();
        worker.Start();
        WritePid(daemonPidFile, daemon.Pid!.Value);
    }

    private static void WritePid(string pidFile, int pid)
    {
        // Write then rename, so a reader never sees half a pid.
        File.WriteAllText(pidFile + ".tmp", pid.ToString());
        File.Move(pidFile + ".tmp", pidFile);
    }
}

/// <summary>A user type that travels as a target argument.</summary>
public sealed record Payload(string Name, int[] Values);
