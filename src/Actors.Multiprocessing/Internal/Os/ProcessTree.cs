using System.Runtime.InteropServices;

namespace Actors.Multiprocessing.Internal.Os;

/// <summary>
/// Signals a process and all its descendants. The tree is read first and signalled after, so that a
/// grandchild reparented when its parent dies is still reached (CPython's terminate() orphans them).
/// </summary>
internal static partial class ProcessTree
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> and every process below it.</summary>
    public static void Signal(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            KillPortably(pid);
            return;
        }

        foreach (var member in TreeOf(pid))
        {
            // ESRCH (already gone) is the normal race here and is not an error.
            _ = kill(member, signal);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to every descendant of <paramref name="pid"/>, not to it.</summary>
    public static void SignalDescendants(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var member in TreeOf(pid).Skip(1))
        {
            _ = kill(member, signal);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to this very process.</summary>
    public static void SignalSelf(int signal) => _ = kill(Environment.ProcessId, signal);

    /// <summary><paramref name="pid"/> first, then its descendants breadth first, from /proc.</summary>
    public static List<int> TreeOf(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var candidate) && ProcStat.Read(candidate) is { ParentPid: var parent })
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(candidate);
            }
        }

        var tree = new List<int> { pid };
        for (var i = 0; i < tree.Count; i++)
        {
            if (children.TryGetValue(tree[i], out var below))
            {
                tree.AddRange(below);
            }
        }

        return tree;
    }

    private static void KillPortably(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
