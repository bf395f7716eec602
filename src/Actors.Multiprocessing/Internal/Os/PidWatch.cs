namespace Actors.Multiprocessing.Internal.Os;

/// <summary>
/// Liveness of other processes on this machine, read from the OS: the queues and pipes of a family learn
/// that a peer died from here (remote DeathWatch is off in untrusted-mode). One timer polls every watched pid.
/// </summary>
internal static class PidWatch
{
    private static readonly Dictionary<int, TaskCompletionSource> Watched = [];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> ExitedChildren = new();
    private static readonly Task Never = new TaskCompletionSource().Task;
    private static Timer? _timer;

    /// <summary>A child of this process started with <paramref name="pid"/> (a pid the OS may have used before).</summary>
    public static void ChildStarted(int pid) => ExitedChildren.TryRemove(pid, out _);

    /// <summary>A child of this process exited: known at once, with no read of /proc.</summary>
    public static void ChildExited(int pid) => ExitedChildren[pid] = true;

    /// <summary>Whether the pid is a child of this process that has exited; a cheap check for hot paths.</summary>
    public static bool IsExitedChild(int pid) => ExitedChildren.ContainsKey(pid);

    /// <summary>Whether the pid runs; an exited but unreaped process (a zombie) does not.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        if (!OperatingSystem.IsLinux())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        return ProcStat.Read(pid) is { IsRunning: true };
    }

    /// <summary>Completes when the pid stops running; never for this process's own pid.</summary>
    public static Task Exited(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return Never;
        }

        lock (Watched)
        {
            if (!Watched.TryGetValue(pid, out var exited))
            {
                Watched[pid] = exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var interval = Runtime.CurrentSettings.PidWatchInterval;
                _timer ??= new Timer(_ => Poll(), null, interval, interval);
            }

            return exited.Task;
        }
    }

    private static void Poll()
    {

        List<(int Pid, TaskCompletionSource Exited)> gone;
        lock (Watched)
        {
            gone = Watched.Where(w => !IsAlive(w.Key)).Select(w => (w.Key, w.Value)).ToList();
            foreach (var (pid, _) in gone)
            {
                Watched.Remove(pid);
            }
        }

        foreach (var (_, exited) in gone)
        {
            exited.TrySetResult();
        }
    }
}
