namespace Actors.Multiprocessing.Tests;

/// <summary>Reads the state of OS processes from /proc, for specs about process trees.</summary>
public static class OsProcess
{
    /// <summary>True while the pid runs; a zombie (exited, not yet reaped) counts as gone.</summary>
    public static bool IsRunning(int pid) => Internal.Os.PidWatch.IsAlive(pid);

    /// <summary>The regular files a process holds open (pipes, sockets and devices left out).</summary>
    public static IReadOnlyList<string> OpenRegularFiles(int pid) =>
        Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .OfType<string>()
            .Where(target => target.StartsWith('/') && !target.StartsWith("/dev/", StringComparison.Ordinal) && File.Exists(target))
            .Distinct()
            .ToList();

    /// <summary>The running OS children of a process, read from /proc.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var id) ? id : 0)
            .Where(id => id > 0 && Internal.Os.ProcStat.Read(id) is { IsRunning: true } stat && stat.ParentPid == pid)
            .ToList();

    /// <summary>
    /// Polls /proc until this process's warm hosts (its running children that are not started Processes)
    /// satisfy <paramref name="wanted"/>; returns them then, or null when <paramref name="timeout"/> passed first.
    /// </summary>
    public static async Task<IReadOnlyList<int>?> WaitForWarmHostsAsync(Func<IReadOnlyList<int>, bool> wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var started = Process.ActiveChildren().Select(p => p.Pid).ToHashSet();
            var hosts = ChildrenOf(Environment.ProcessId).Where(pid => !started.Contains(pid)).ToList();
            if (wanted(hosts))
            {
                return hosts;
            }

            await Task.Delay(50);
        }

        return null;
    }

    /// <summary>Waits for a child to write a pid to the file.</summary>
    public static async Task<int> ReadPidFileAsync(string path, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!File.Exists(path))
        {
            await Task.Delay(50, cts.Token);
        }

        return int.Parse(await File.ReadAllTextAsync(path, cts.Token));
    }

    /// <summary>Waits until the pid no longer runs; false if it still runs after the timeout.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
