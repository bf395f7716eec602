namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// One asynchronous wait on a word in shared memory, served by the <see cref="AsyncWaiter"/> thread: the same
/// try-take and before-sleep callbacks as <see cref="SharedWait.Until"/>, with a deadline, the caller's token
/// and the task the caller awaits. Only the waiter thread calls <see cref="Step"/> and <see cref="Check"/>, so
/// taking the word and settling the task never race with each other.
/// </summary>
internal sealed unsafe class PendingWait
{
    private readonly Func<int, bool> _tryTake;
    private readonly Func<int, bool>? _beforeSleep;
    private readonly TimeSpan? _timeout;
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly CancellationToken _cancellationToken;
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;

    public PendingWait(nint word, Func<int, bool> tryTake, Func<int, bool>? beforeSleep, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        Word = (int*)word;
        _tryTake = tryTake;
        _beforeSleep = beforeSleep;
        _timeout = timeout;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The word waited on; the one after it counts its sleepers.</summary>
    public int* Word { get; }

    /// <summary>The word's value when the wait was last stepped: the thread sleeps while the word keeps it.</summary>
    public int Observed { get; private set; }

    /// <summary>Whether the wait has a before-sleep check (a dead holder's lock, a dead party).</summary>
    public bool HasCheck => _beforeSleep is not null;

    /// <summary>What the caller awaits: true when taken, false when the timeout elapsed, cancelled with the caller's token.</summary>
    public Task<bool> Task => _completion.Task;

    /// <summary>What is left of the timeout; null when there is none.</summary>
    public TimeSpan? Left => Timeouts.Left(_timeout, _started);

    /// <summary>Calls <paramref name="nudge"/> when the caller's token is cancelled, so the thread looks at once.</summary>
    public void OnCancel(Action nudge) =>
        _registration = _cancellationToken.UnsafeRegister(static state => ((Action)state!)(), nudge);

    /// <summary>
    /// Tries the wait once: cancellation first (so a cancelled wait never takes the word), then the try-take,
    /// then the deadline. Returns true when the wait is settled and leaves the pending list.
    /// </summary>
    public bool Step()
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            return Settle(() => _completion.TrySetCanceled(_cancellationToken));
        }

        Observed = Volatile.Read(ref *Word);
        var taken = Guard(_tryTake, Observed);
        return taken switch
        {
            null => true,
            true => Settle(() => _completion.TrySetResult(true)),
            false when Left <= TimeSpan.Zero => Settle(() => _completion.TrySetResult(false)),
            false => false,
        };
    }

    /// <summary>Runs the before-sleep check on <paramref name="observed"/>; true when it took the word (the wait is settled).</summary>
    public bool Check(int observed)
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return Guard(_beforeSleep!, observed) switch
        {
            null => true,
            true => Settle(() => _completion.TrySetResult(true)),
            false => false,
        };
    }

    /// <summary>Runs a callback; when it throws, the wait fails with that exception (null) instead of the thread.</summary>
    private bool? Guard(Func<int, bool> callback, int observed)
    {
        try
        {
            return callback(observed);
        }
        catch (Exception e)
        {
            Settle(() => _completion.TrySetException(e));
            return null;
        }
    }

    private bool Settle(Action complete)
    {
        _registration.Dispose();
        complete();
        return true;
    }
}
