using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>
/// A condition variable shared by processes (CPython's <c>multiprocessing.Condition</c>) over a
/// <see cref="ProcessLock"/>: Wait releases the lock, sleeps until notified, and takes the lock back.
/// </summary>
/// <remarks>A notification goes to processes waiting at that moment; as with any condition, a waiter may
/// wake without one, so check what you wait for (<see cref="WaitFor"/> does).</remarks>
public sealed unsafe class ProcessCondition : IDisposable
{
    // The words of this condition's own segment: a sequence the sleepers watch (and its sleepers), the
    // waiters, the signals not yet taken.
    private const int Size = 16;

    private readonly SharedSegment _segment = SharedSegment.Create(Size, nameof(ProcessCondition));

    // A lock the condition made itself is freed with it; a lock handed in belongs to the caller.
    private readonly bool _ownsLock;

    /// <summary>Creates a condition over <paramref name="lock"/>, or over a new lock when null.</summary>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public ProcessCondition(ProcessLock? @lock = null)
    {
        _ownsLock = @lock is null;
        Lock = @lock ?? new ProcessLock();
    }

    /// <summary>The lock that Wait and Notify require the caller to hold.</summary>
    public ProcessLock Lock { get; }

    private int* Words => (int*)_segment.Pointer;

    /// <summary>Releases the lock, waits for a notification at most <paramref name="timeout"/> (null: as long as it takes), and takes the lock back.</summary>
    /// <returns>False when the timeout elapsed without a notification.</returns>
    /// <exception cref="InvalidOperationException">This process does not hold the lock.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="ObjectDisposedException">The condition was disposed in this process.</exception>
    public bool Wait(TimeSpan? timeout = null)
    {
        ThrowUnlessHeld("Wait");
        var words = Words;
        Interlocked.Increment(ref words[2]);
        Lock.Release();
        bool notified;
        try
        {
            notified = SharedWait.Until(
                (nint)words,
                _ => Volatile.Read(ref words[3]) is var signals and > 0 && Interlocked.CompareExchange(ref words[3], signals - 1, signals) == signals,
                timeout,
                CancellationToken.None);
        }
        finally
        {
            Interlocked.Decrement(ref words[2]);
            Lock.Acquire();
        }

        return notified;
    }

    /// <summary>Waits until <paramref name="predicate"/> holds or the timeout elapses, and returns the last result.</summary>
    /// <exception cref="InvalidOperationException">This process does not hold the lock.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="ObjectDisposedException">The condition was disposed in this process.</exception>
    public bool WaitFor(Func<bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = predicate();
        while (!result)
        {
            var left = timeout - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            Wait(left);
            result = predicate();
        }

        return result;
    }

    /// <summary>Wakes up to <paramref name="count"/> processes waiting now.</summary>
    /// <exception cref="InvalidOperationException">This process does not hold the lock.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="ObjectDisposedException">The condition was disposed in this process.</exception>
    public void Notify(int count = 1)
    {
        ThrowUnlessHeld("Notify");
        var words = Words;
        var unsignalled = Volatile.Read(ref words[2]) - Volatile.Read(ref words[3]);
        if (unsignalled <= 0)
        {
            return;
        }

        Interlocked.Add(ref words[3], Math.Min(count, unsignalled));
        Interlocked.Increment(ref words[0]);
        SharedWait.Wake((nint)words, int.MaxValue);
    }

    /// <summary>Wakes every process waiting now.</summary>
    /// <exception cref="InvalidOperationException">This process does not hold the lock.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="ObjectDisposedException">The condition was disposed in this process.</exception>
    public void NotifyAll() => Notify(int.MaxValue);

    /// <summary>Frees this process's view of the condition, and of its lock when the condition made it; using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose()
    {
        _segment.Dispose();
        if (_ownsLock)
        {
            Lock.Dispose();
        }
    }

    private void ThrowUnlessHeld(string call)
    {
        if (Lock.HolderPid != Environment.ProcessId)
        {
            throw new InvalidOperationException($"{call}() on a condition whose lock this process does not hold (CPython: cannot wait on un-acquired lock).");
        }
    }
}
