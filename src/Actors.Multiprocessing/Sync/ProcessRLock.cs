using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>
/// A re-entrant lock shared by processes (CPython's <c>multiprocessing.RLock</c>): the thread that holds it
/// may acquire it again, and must release it as many times; only that thread may release it.
/// </summary>
/// <remarks>
/// An asynchronous acquisition has no thread to belong to (the code after an await may run on any thread),
/// so a lock taken or re-entered with <see cref="AcquireAsync(CancellationToken)"/> is held by the process:
/// until it is free again, any thread or task of that process may acquire it again (blocking or not) and
/// release a level, and it excludes other processes only. Use a <see cref="ProcessLock"/> or the blocking
/// <see cref="Acquire()"/> where threads of one process must also exclude each other.
/// </remarks>
public sealed unsafe partial class ProcessRLock : IDisposable
{
    private const int Size = ProcessLock.Size + 8;

    // Guards the owner and depth words in this process: with a process-owned hold several threads may
    // re-enter and release at once. Other processes never touch these words while this process holds the lock.
    private static readonly object Bookkeeping = new();

    private readonly SharedSegment _segment;
    private readonly ProcessLock _lock;

    /// <summary>Creates an unlocked re-entrant lock.</summary>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public ProcessRLock()
    {
        _segment = SharedSegment.Create(Size, nameof(ProcessRLock));
        _lock = new ProcessLock(_segment, 0);
    }

    // After the lock word and its sleepers: the holding thread's id (or HeldByProcess) and the recursion depth.
    private int* Owner => (int*)(_segment.Pointer + ProcessLock.Size);

    private int* Depth => Owner + 1;

    /// <summary>Acquires the lock (again, if this thread holds it), waiting as long as it takes.</summary>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public void Acquire() => TryAcquire(null);

    /// <summary>Acquires the lock (again, if this thread holds it) if it comes within <paramref name="timeout"/> (zero or negative: only if free now).</summary>
    /// <returns>True when acquired; false when the timeout elapsed first.</returns>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public bool Acquire(TimeSpan timeout) => TryAcquire(timeout);

    /// <summary>Releases one level; the lock is free when every Acquire of its holder has been released.</summary>
    /// <exception cref="SynchronizationLockException">Neither this thread nor (for an asynchronous hold) this process holds the lock.</exception>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public void Release()
    {
        // A Dispose on another thread meanwhile unmaps nothing under this call.
        using var use = _segment.Enter();
        lock (Bookkeeping)
        {
            if (!HeldHere())
            {
                throw new SynchronizationLockException("Release() of a ProcessRLock by a thread that does not hold it; release it on the thread that acquired it, once for each Acquire().");
            }

            if (--*Depth == 0)
            {
                *Owner = 0;
                _lock.Release();
            }
        }
    }

    /// <summary>Frees this process's view of the lock (its memory, once no process holds it); using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose() => _segment.Dispose();

    private bool TryAcquire(TimeSpan? timeout)
    {
        if (Reenter(Environment.CurrentManagedThreadId))
        {
            return true;
        }

        if (!_lock.TryAcquire(timeout, CancellationToken.None))
        {
            return false;
        }

        Own(Environment.CurrentManagedThreadId);
        return true;
    }

    /// <summary>
    /// Takes one more level if this thread or process holds the lock already. A level taken asynchronously
    /// (<paramref name="owner"/> is <see cref="HeldByProcess"/>) widens the whole hold to the process.
    /// </summary>
    private bool Reenter(int owner)
    {
        using var use = _segment.Enter();
        lock (Bookkeeping)
        {
            if (!HeldHere())
            {
                return false;
            }

            ++*Depth;
            if (owner == HeldByProcess)
            {
                *Owner = HeldByProcess;
            }

            return true;
        }
    }

    /// <summary>Records the first level of a hold just taken.</summary>
    private void Own(int owner)
    {
        using var use = _segment.Enter();
        lock (Bookkeeping)
        {
            *Owner = owner;
            *Depth = 1;
        }
    }

    private bool HeldHere() =>
        _lock.HolderPid == Environment.ProcessId && *Depth > 0 && (*Owner == HeldByProcess || *Owner == Environment.CurrentManagedThreadId);
}
