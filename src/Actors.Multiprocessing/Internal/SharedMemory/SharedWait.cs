namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// The waiting loop of every primitive in shared memory: try, spin briefly, then sleep on the word's futex in
/// slices until the try succeeds, the timeout elapses or the token is cancelled. A word is followed by a
/// count of sleepers, so that a releaser wakes only when someone sleeps. <see cref="UntilAsync"/> is the same
/// wait without a thread of its own: the process's <see cref="AsyncWaiter"/> serves it.
/// </summary>
/// <remarks>Timeouts follow <see cref="Timeouts"/>: negative is zero, null or huge has no limit.</remarks>
internal static unsafe class SharedWait
{
    // The longest a sleeper sleeps before it looks again: it paces the before-sleep checks (a dead holder,
    // a dead party), which read /proc. A constant: shorter costs CPU in every waiter, longer only delays the
    // takeover of a dead holder's lock, and no user needs either.
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits until <paramref name="tryTake"/> succeeds on the word's current value. Before each sleep,
    /// <paramref name="beforeSleep"/> may take the word another way (a dead holder's lock) and end the wait.
    /// </summary>
    /// <returns>True when taken; false when the timeout elapsed first.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed, before or during the wait.</exception>
    public static bool Until(
        SharedSegment segment, nint word, Func<int, bool> tryTake, TimeSpan? timeout, CancellationToken cancellationToken, Func<int, bool>? beforeSleep = null)
    {
        var address = (int*)word;
        // A Dispose on another thread unmaps nothing before this call ends (it throws if it came first).
        using var use = segment.Enter();
        // The uncontended case costs one try; a wait keeps the word's segment mapped throughout, whatever
        // happens to the handle meanwhile.
        if (!cancellationToken.IsCancellationRequested && tryTake(Volatile.Read(ref *address)))
        {
            return true;
        }

        using var pinned = segment.Pin();
        timeout = Timeouts.Normalize(timeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A handle disposed by another thread ends the wait (within a slice), as a disposed socket ends a Receive:
            // nobody in this process can release what it waits for through that handle any more.
            segment.ThrowIfDisposed();
            var observed = Volatile.Read(ref *address);
            if (tryTake(observed))
            {
                return true;
            }

            var left = Timeouts.Left(timeout, started) ?? Slice;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            if (!spin.NextSpinWillYield)
            {
                spin.SpinOnce();
                continue;
            }

            if (beforeSleep?.Invoke(observed) == true)
            {
                return true;
            }

            Interlocked.Increment(ref address[1]);
            Futex.WaitWhile(address, observed, left < Slice ? left : Slice);
            Interlocked.Decrement(ref address[1]);
        }
    }

    /// <summary>
    /// Waits as <see cref="Until"/> does without holding a thread: tries once here, then hands the wait to the
    /// process's <see cref="AsyncWaiter"/> thread. The task completes with true when taken, false when the
    /// timeout elapsed, or as cancelled with <paramref name="cancellationToken"/> (then the word was not taken).
    /// </summary>
    public static Task<bool> UntilAsync(
        SharedSegment segment, nint word, Func<int, bool> tryTake, TimeSpan? timeout, CancellationToken cancellationToken, Func<int, bool>? beforeSleep = null)
    {
        timeout = Timeouts.Normalize(timeout);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        // A Dispose on another thread unmaps nothing before the wait is handed over (it throws if it came first).
        using var use = segment.Enter();
        if (tryTake(Volatile.Read(ref *(int*)word)))
        {
            return Task.FromResult(true);
        }

        if (timeout == TimeSpan.Zero)
        {
            return Task.FromResult(false);
        }

        // The word's segment stays mapped while the wait is pending, whatever happens to the handle meanwhile.
        var pinned = segment.Pin();
        var waiting = AsyncWaiter.Instance.Add(new PendingWait(word, tryTake, beforeSleep, timeout, cancellationToken));
        waiting.ContinueWith(_ => pinned.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return waiting;
    }

    /// <summary>Wakes up to <paramref name="count"/> sleepers of the word, if there are any.</summary>
    public static void Wake(nint word, int count)
    {
        var address = (int*)word;
        if (Volatile.Read(ref address[1]) > 0)
        {
            Futex.WakeUp(address, count);
        }
    }
}
