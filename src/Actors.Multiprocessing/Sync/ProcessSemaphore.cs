using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>A counting semaphore shared by processes (CPython's <c>multiprocessing.Semaphore</c>), in shared memory.</summary>
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
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public int Value => Volatile.Read(ref *Count);

    private int* Count => (int*)_segment.Pointer;

    /// <summary>Takes a permit, waiting as long as it takes.</summary>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public void Acquire() => TryTake(null, CancellationToken.None);

    /// <summary>Takes a permit if one comes within <paramref name="timeout"/>.</summary>
    /// <returns>True when taken; false when the timeout elapsed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative.</exception>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public bool Acquire(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return TryTake(timeout, CancellationToken.None);
    }

    /// <summary>Takes a permit without blocking the calling thread.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first; no permit was taken.</exception>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public Task AcquireAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => TryTake(null, cancellationToken), cancellationToken);

    /// <summary>Gives a permit back and wakes one waiter.</summary>
    /// <exception cref="InvalidOperationException">A bounded semaphore would go over its initial value.</exception>
    /// <exception cref="OwnerLostException">The process that created the semaphore has exited.</exception>
    /// <exception cref="ObjectDisposedException">The semaphore was disposed in this process.</exception>
    public void Release()
    {
        var count = Count;
        var now = Interlocked.Increment(ref *count);
        if (now > Bound)
        {
            Interlocked.Decrement(ref *count);
            throw new InvalidOperationException("Semaphore released too many times (a bounded semaphore cannot exceed its initial value).");
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
        return SharedWait.Until(
            count,
            observed => observed > 0 && Interlocked.CompareExchange(ref *(int*)count, observed - 1, observed) == observed,
            timeout,
            cancellationToken);
    }
}
