using System.Security.Cryptography;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Child;
using Actors.Multiprocessing.Internal.Os;

namespace Actors.Multiprocessing;

public sealed partial class Process
{
    private static readonly object FamilyGate = new();
    private static readonly HashSet<Process> Started = [];
    private static Process? _current;
    private static Process? _parent;
    private int _childCount;

    /// <summary>The process this code runs in: <c>MainProcess</c> in the app, the started Process's name in a child.</summary>
    public static Process Current
    {
        get
        {
            lock (FamilyGate)
            {
                return _current ??= new Process(
                    ProcessRole.Current, "MainProcess", Environment.ProcessId, identity: "", daemon: false,
                    authKey: RandomNumberGenerator.GetBytes(32));
            }
        }
    }

    /// <summary>The process that started this one; null in the main process (CPython's parent_process()).</summary>
    public static Process? Parent
    {
        get
        {
            lock (FamilyGate)
            {
                return _parent;
            }
        }
    }

    /// <summary>The number of CPUs of this machine (CPython's cpu_count()).</summary>
    public static int CpuCount => Environment.ProcessorCount;

    /// <summary>The children this process started that are still running (CPython's active_children()).</summary>
    public static IReadOnlyList<Process> ActiveChildren()
    {
        lock (FamilyGate)
        {
            // As CPython does, asking also forgets the children that have exited.
            Started.RemoveWhere(p => p._child!.HasExited);
            return Started.Where(p => !p._closed).ToList();
        }
    }

    /// <summary>Installs who this child is, from its bootstrap, before its runtime starts.</summary>
    internal static void InstallChild(ChildBootstrap bootstrap)
    {
        lock (FamilyGate)
        {
            _current = new Process(ProcessRole.Current, bootstrap.Name, Environment.ProcessId, bootstrap.Identity, bootstrap.Daemon, bootstrap.AuthKey);
            _parent = new Process(ProcessRole.Parent, bootstrap.ParentName, bootstrap.ParentPid, identity: "", daemon: false, bootstrap.AuthKey);
        }
    }

    /// <summary>CPython's exit rule: terminate the daemon children, then wait for every child.</summary>
    internal static void EndChildrenAtExit()
    {
        List<ChildProcess> children;
        lock (FamilyGate)
        {
            children = Started.Select(p => p._child!).ToList();
            foreach (var daemon in Started.Where(p => p._daemon))
            {
                // Directly, not through the supervisor: at exit the ActorSystem may be gone already.
                daemon._child!.Signal(ProcessTree.SigTerm);
            }
        }

        Task.WaitAll(children.Select(c => c.Exited));
    }

    /// <summary>The identity of the next child: "3" in the main process, "1:3" in its first child (CPython's _identity).</summary>
    private string NextChildIdentity()
    {
        var count = Interlocked.Increment(ref _childCount);
        return _identity.Length == 0 ? $"{count}" : $"{_identity}:{count}";
    }

    private static void Track(Process process)
    {
        lock (FamilyGate)
        {
            Started.Add(process);
        }
    }

    private static void Untrack(Process process)
    {
        lock (FamilyGate)
        {
            Started.Remove(process);
        }
    }
}
