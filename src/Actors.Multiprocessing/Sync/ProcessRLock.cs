using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>
/// A re-entrant lock shared by processes (CPython's <c>multiprocessing.RLock</c>): the thread that holds it
/// may acquire it again, and must release it as many times; only that thread may release it.
/// </summary>
public sealed unsafe class ProcessRLock : IDisposable
{
    private const int Size = ProcessLock.Size + 8;

    private readonly SharedSegment _segment;
    private readonly ProcessLock _lock;

    /// <summary>Creates an unlocked re-entrant lock.</summary>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public ProcessRLock()
    {
        _segment = SharedSegment.Create(Size, nameof(ProcessRLock));
        _lock = new ProcessLock(_segment, 0);
    }

    // After the lock word and its sleepers: the holding thread's id and the recursion depth.
    private int* Owner => (int*)(_segment.Pointer + ProcessLock.Size);

    private int* Depth => Owner + 1;

    /// <summary>Acquires the lock (again, if this thread holds it), waiting as long as it takes.</summary>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public void Acquire() => TryAcquire(null);

    /// <summary>Acquires the lock (again, if this thread holds it) if it comes within <paramref name="timeout"/>.</summary>
    /// <returns>True when acquired; false when the timeout elapsed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative.</exception>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public bool Acquire(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return TryAcquire(timeout);
    }

    /// <summary>Releases one level; the lock is free when every Acquire of its holder has been released.</summary>
    /// <exception cref="SynchronizationLockException">This thread of this process does not hold the lock.</exception>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public void Release()
    {
        if (!HeldHere())
        {
            throw new SynchronizationLockException("Release() of a ProcessRLock by a thread that does not hold it.");
        }

        if (--*Depth == 0)
        {
            *Owner = 0;
            _lock.Release();
        }
    }

    /// <summary>Frees this process's view of the lock (its memory, once no process holds it); using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose() => _segment.Dispose();

    private bool TryAcquire(TimeSpan? timeout)
    {
        if (HeldHere())
        {
            ++*Depth;
            return true;
        }

        if (!_lock.TryAcquire(timeout, CancellationToken.None))
        {
            return false;
        }

        *Owner = Environment.CurrentManagedThreadId;
        *Depth = 1;
        return true;
    }

    private bool HeldHere() =>
        _lock.HolderPid == Environment.ProcessId && *Owner == Environment.CurrentManagedThreadId && *Depth > 0;
}
