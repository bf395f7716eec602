namespace Actors.Multiprocessing;

/// <summary>Asynchronous acquisition: held by the process, not a thread (see the remarks on the class).</summary>
public sealed partial class ProcessRLock
{
    // Owner value of a lock held by the process rather than one thread; managed thread ids are positive.
    private const int HeldByProcess = -1;

    /// <summary>
    /// Acquires the lock (again, if this process holds it asynchronously or this thread holds it) without
    /// holding a thread while it waits; the hold then belongs to the process (see the remarks).
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first; the lock is not held.</exception>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public Task AcquireAsync(CancellationToken cancellationToken = default) => AcquireAsync(null, cancellationToken);

    /// <summary>
    /// Acquires the lock as <see cref="AcquireAsync(CancellationToken)"/> does if it comes within
    /// <paramref name="timeout"/> (null: as long as it takes; zero or negative: only if free now).
    /// </summary>
    /// <returns>True when acquired; false when the timeout elapsed first.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled first; the lock is not held.</exception>
    /// <exception cref="OwnerLostException">The process that created the lock has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public async Task<bool> AcquireAsync(TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        if (Reenter(HeldByProcess))
        {
            return true;
        }

        if (!await _lock.TryAcquireAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Own(HeldByProcess);
        return true;
    }
}
