using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>
/// A lock shared by processes (CPython's <c>multiprocessing.Lock</c>): any process may release it, as in
/// CPython. It lives in shared memory, so acquiring a free lock is one atomic instruction and a waiter sleeps
/// on a futex, with no actor round trip.
/// </summary>
/// <remarks>
/// When the process holding the lock dies, a waiter sees it (from the OS) and takes the lock over, as a
/// POSIX robust mutex does; CPython deadlocks instead. Taking over was chosen over failing the waiters
/// because a program written for CPython expects Acquire to succeed; what the dead holder was changing
/// under the lock may be half done.
/// </remarks>
public sealed unsafe class ProcessLock : IDisposable
{
    /// <summary>Bytes a lock takes in a segment: the holder's pid and the number of sleepers.</summary>
    internal const int Size = 8;

    private readonly SharedSegment _segment;
    private readonly int _offset;

    // The lock of a value, array, re-entrant lock or barrier lives in their segment, which they free.
    private readonly bool _embedded;
    private volatile bool _disposed;

    /// <summary>Creates an unlocked lock.</summary>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public ProcessLock()
        : this(SharedSegment.Create(Size, nameof(ProcessLock)), 0, embedded: false)
    {
    }

    internal ProcessLock(SharedSegment segment, int offset, bool embedded = true)
    {
        _segment = segment;
        _offset = offset;
        _embedded = embedded;
    }

    /// <summary>Whether some process holds the lock now (approximate, others may change it meanwhile).</summary>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public bool IsLocked => HolderPid != 0;

    /// <summary>The pid of the process holding the lock, 0 when free.</summary>
    internal int HolderPid
    {
        get
        {
            using var use = _segment.Enter();
            return Volatile.Read(ref *Holder);
        }
    }

    private int* Holder => _disposed
        ? throw new ObjectDisposedException(nameof(ProcessLock), "This ProcessLock was disposed in this process; dispose it only after its last use here.")
        : (int*)(_segment.Pointer + _offset);

    /// <summary>Acquires the lock, waiting as long as it takes.</summary>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public void Acquire() => TryAcquire(null, CancellationToken.None);

    /// <summary>Acquires the lock if it is free within <paramref name="timeout"/> (zero or negative: only if free now).</summary>
    /// <returns>True when acquired; false when the timeout elapsed first.</returns>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public bool Acquire(TimeSpan timeout) => TryAcquire(timeout, CancellationToken.None);

    /// <summary>Acquires the lock without holding a thread while it waits (the process's one async-wait thread serves every such wait).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first; the lock is not held.</exception>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public Task AcquireAsync(CancellationToken cancellationToken = default) => TryAcquireAsync(null, cancellationToken);

    /// <summary>
    /// Acquires the lock if it is free within <paramref name="timeout"/> (null: as long as it takes; zero or
    /// negative: only if free now), without holding a thread while it waits.
    /// </summary>
    /// <returns>True when acquired; false when the timeout elapsed first.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled first; the lock is not held.</exception>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public Task<bool> AcquireAsync(TimeSpan? timeout, CancellationToken cancellationToken = default) =>
        TryAcquireAsync(timeout, cancellationToken);

    /// <summary>Acquires the lock and returns a handle whose Dispose releases it: <c>using (l.Hold()) { ... }</c>.</summary>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public Held Hold()
    {
        Acquire();
        return new Held(this);
    }

    /// <summary>Releases the lock; any process may release it, as in CPython.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public void Release()
    {
        // A Dispose on another thread meanwhile unmaps nothing under this call.
        using var use = _segment.Enter();
        var holder = Holder;
        if (Interlocked.Exchange(ref *holder, 0) == 0)
        {
            throw new InvalidOperationException("Release() of an unlocked lock; call Release() once for each Acquire().");
        }

        SharedWait.Wake((nint)holder, 1);
    }

    /// <summary>Frees this process's view of the lock; a lock inside a value, array or barrier is freed with it.</summary>
    public void Dispose()
    {
        _disposed = true;
        if (!_embedded)
        {
            _segment.Dispose();
        }
    }

    /// <summary>Describes the lock, e.g. <c>ProcessLock(owner=42)</c>, as CPython's repr does.</summary>
    public override string ToString() => HolderPid is var pid and not 0 ? $"ProcessLock(owner={pid})" : "ProcessLock(unlocked)";

    internal bool TryAcquire(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var use = _segment.Enter();
        var (holder, take, takeOver) = Taking();
        return SharedWait.Until(_segment, holder, take, timeout, cancellationToken, takeOver);
    }

    internal Task<bool> TryAcquireAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var use = _segment.Enter();
        var (holder, take, takeOver) = Taking();
        return SharedWait.UntilAsync(_segment, holder, take, timeout, cancellationToken, takeOver);
    }

    /// <summary>The lock word, how a waiter takes it when free, and how it takes over a dead holder's lock.</summary>
    private (nint Word, Func<int, bool> Take, Func<int, bool> TakeOver) Taking()
    {
        var holder = (nint)Holder;
        var me = Environment.ProcessId;
        return (
            holder,
            observed => observed == 0 && Interlocked.CompareExchange(ref *(int*)holder, me, 0) == 0,
            // Before sleeping, ask the OS whether the holder still lives (once per sleep: it reads /proc). A
            // dead holder's lock is taken over, as a robust mutex is.
            observed => !PidWatch.IsAlive(observed) && Interlocked.CompareExchange(ref *(int*)holder, me, observed) == observed);
    }

    /// <summary>A held lock; Dispose releases it.</summary>
    public readonly struct Held : IDisposable
    {
        private readonly ProcessLock _lock;

        internal Held(ProcessLock @lock) => _lock = @lock;

        /// <summary>Releases the lock.</summary>
        public void Dispose() => _lock.Release();
    }
}
