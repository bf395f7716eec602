using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>The asynchronous waits, and waiting for a predicate (CPython's <c>wait_for</c>).</summary>
public sealed partial class ProcessCondition
{
    /// <summary>Releases the lock, waits for a notification without holding a thread, and takes the lock back.</summary>
    /// <exception cref="InvalidOperationException">This process does not hold the lock, or 1024 threads wait on the condition already.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before a notification; the lock is held again.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public async Task WaitAsync(CancellationToken cancellationToken = default) =>
        await WaitAsync(null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Releases the lock, waits for a notification at most <paramref name="timeout"/> (null: as long as it
    /// takes; zero or negative: not at all) without holding a thread, and takes the lock back.
    /// </summary>
    /// <returns>False when the timeout elapsed without a notification.</returns>
    /// <exception cref="InvalidOperationException">This process does not hold the lock, or 1024 threads wait on the condition already.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before a notification; the lock is held again.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The condition was disposed in this process.</exception>
    public async Task<bool> WaitAsync(TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        // A Dispose on another thread meanwhile unmaps nothing under this call.
        using var use = _segment.Enter();
        var slot = Enter("WaitAsync");
        var waiting = SharedWait.UntilAsync(_segment, SequenceWord, _ => IsNotified(slot), timeout, cancellationToken);
        await ((Task)waiting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Leaving first: a notification that came with the cancellation is taken, not lost, and wins over it.
        var notified = Leave(slot);
        await Lock.TryAcquireAsync(null, CancellationToken.None).ConfigureAwait(false);
        if (!notified)
        {
            // Throws the cancellation (or a failure) of the wait; a timeout returns false.
            await waiting.ConfigureAwait(false);
        }

        return notified;
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> holds or the timeout elapses (null: as long as it takes; zero
    /// or negative: the predicate is checked once), and returns the last result.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This process does not hold the lock, or 1024 threads wait on the condition already.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public bool WaitFor(Func<bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var (started, normalized) = (System.Diagnostics.Stopwatch.GetTimestamp(), Timeouts.Normalize(timeout));
        var result = predicate();
        while (!result && Timeouts.Left(normalized, started) is var left && !(left <= TimeSpan.Zero))
        {
            Wait(left);
            result = predicate();
        }

        return result;
    }

    /// <summary>Waits until <paramref name="predicate"/> holds, without holding a thread while it waits.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This process does not hold the lock, or 1024 threads wait on the condition already.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first; the lock is held again.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public async Task WaitForAsync(Func<bool> predicate, CancellationToken cancellationToken = default) =>
        await WaitForAsync(predicate, null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Waits as <see cref="WaitFor"/> does without holding a thread while it waits, and returns the last
    /// result of <paramref name="predicate"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This process does not hold the lock, or 1024 threads wait on the condition already.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first; the lock is held again.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public async Task<bool> WaitForAsync(Func<bool> predicate, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var (started, normalized) = (System.Diagnostics.Stopwatch.GetTimestamp(), Timeouts.Normalize(timeout));
        var result = predicate();
        while (!result && Timeouts.Left(normalized, started) is var left && !(left <= TimeSpan.Zero))
        {
            await WaitAsync(left, cancellationToken).ConfigureAwait(false);
            result = predicate();
        }

        return result;
    }
}
