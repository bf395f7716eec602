using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>A counting semaphore shared by processes (CPython's <c>multiprocessing.Semaphore</c>), in shared memory.</summary>
/// <remarks>
/// A semaphore does not know who took a permit, so a permit taken by a process that dies before releasing it
/// is lost, as in CPython: the count stays one lower for good. Where a worker may be killed, release in a
/// finally block of the worker, or use a <see cref="ProcessLock"/>, whose dead holder's lock is taken over.
/// </remarks>
public unsafe class ProcessSemaphore : IDisposable
{
    private readonly SharedSegment _segment;

    /// <summary>Creates a semaphore with <paramref name="value"/> permits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public ProcessSemaphore(int value = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        _segment = SharedSegment.Create(8, GetType().Name);
        *Count = value;
    }

    /// <summary>The permits available now (CPython's get_value).</summary>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public int Value
    {
        get
        {
            // A Dispose on another thread meanwhile unmaps nothing under this call.
            using var use = _segment.Enter();
            return Volatile.Read(ref *Count);
        }
    }

    private int* Count => (int*)_segment.Pointer;

    /// <summary>Takes a permit, waiting as long as it takes.</summary>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public void Acquire() => TryTake(null, CancellationToken.None);

    /// <summary>Takes a permit if one comes within <paramref name="timeout"/> (zero or negative: only if one is free now).</summary>
    /// <returns>True when taken; false when the timeout elapsed first.</returns>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public bool Acquire(TimeSpan timeout) => TryTake(timeout, CancellationToken.None);

    /// <summary>Takes a permit without holding a thread while it waits.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first; no permit was taken.</exception>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public Task AcquireAsync(CancellationToken cancellationToken = default) => AcquireAsync(null, cancellationToken);

    /// <summary>
    /// Takes a permit if one comes within <paramref name="timeout"/> (null: as long as it takes; zero or
    /// negative: only if one is free now), without holding a thread while it waits.
    /// </summary>
    /// <returns>True when taken; false when the timeout elapsed first.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled first; no permit was taken.</exception>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public Task<bool> AcquireAsync(TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        var count = (nint)Count;
        return SharedWait.UntilAsync(_segment, count, observed => TakeOne(count, observed), timeout, cancellationToken);
    }

    /// <summary>Gives a permit back and wakes one waiter.</summary>
    /// <exception cref="InvalidOperationException">A bounded semaphore would go over its initial value.</exception>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public void Release()
    {
        using var use = _segment.Enter();
        var count = Count;
        var now = Interlocked.Increment(ref *count);
        if (now > Bound)
        {
            Interlocked.Decrement(ref *count);
            throw new InvalidOperationException("Semaphore released too many times (a bounded semaphore cannot exceed its initial value); call Release() once for each Acquire().");
        }

        SharedWait.Wake((nint)count, 1);
    }

    /// <summary>Frees this process's view of the semaphore (its memory, once no process holds it); using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose() => _segment.Dispose();

    /// <summary>The most permits allowed; unbounded here, the initial value for <see cref="ProcessBoundedSemaphore"/>.</summary>
    private protected virtual int Bound => int.MaxValue;

    private bool TryTake(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var count = (nint)Count;
        return SharedWait.Until(_segment, count, observed => TakeOne(count, observed), timeout, cancellationToken);
    }

    private static bool TakeOne(nint count, int observed) =>
        observed > 0 && Interlocked.CompareExchange(ref *(int*)count, observed - 1, observed) == observed;
}
