using System.Diagnostics;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// The one thread of a process that serves every asynchronous wait on shared memory, so that a thousand
/// pending AcquireAsync calls hold one thread instead of a thousand. It starts with the first wait, and blocks
/// idle when none is pending. Each round it steps every pending wait (cancelled, taken, timed out: settled and
/// dropped); when none progressed, it sleeps on the futex of one pending word, counted among that word's
/// sleepers as <see cref="SharedWait.Until"/> is, so that a releaser wakes it.
/// </summary>
/// <remarks>
/// One per process, not per ActorSystem: futexes and pids belong to the process, and a wait does not involve
/// any actor. A new wait or a cancelled token nudges the thread out of its sleep; a nudge that lands between
/// the thread's last look and its futex call is seen one slice later at worst.
/// </remarks>
internal sealed unsafe class AsyncWaiter
{
    /// <summary>The waiter of this process.</summary>
    public static readonly AsyncWaiter Instance = new();

    // With waits on several words the thread sleeps on one of them, so the others are polled every few ms.
    private static readonly TimeSpan ShortSlice = TimeSpan.FromMilliseconds(5);

    // With waits on one word any change of it wakes the thread; the slice only paces the before-sleep checks,
    // which read /proc, as SharedWait's slice does.
    private static readonly TimeSpan LongSlice = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly List<PendingWait> _added = [];
    private readonly List<PendingWait> _pending = [];
    private readonly Action _nudge;
    private Thread? _thread;
    private nint _sleepingOn;
    private volatile bool _nudged;
    private long _lastChecked;

    private AsyncWaiter() => _nudge = Nudge;

    /// <summary>Hands <paramref name="wait"/> to the thread (starting it on first use) and returns its task.</summary>
    public Task<bool> Add(PendingWait wait)
    {
        // Registered before the thread can see the wait, so that settling it always finds the registration.
        wait.OnCancel(_nudge);
        lock (_gate)
        {
            _added.Add(wait);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "actors-multiprocessing async waits" };
                _thread.Start();
            }

            Monitor.Pulse(_gate);
        }

        Nudge();
        return wait.Task;
    }

    private void Run()
    {
        while (true)
        {
            _nudged = false;
            TakeAdded();
            // RemoveAll steps each wait once, in the order they came (a freed lock goes to the oldest waiter).
            if (_pending.RemoveAll(wait => wait.Step()) > 0 || _pending.Count == 0 || RunChecks())
            {
                continue;
            }

            Sleep();
        }
    }

    /// <summary>Moves newly added waits to the pending list; blocks while there is nothing to wait for.</summary>
    private void TakeAdded()
    {
        lock (_gate)
        {
            while (_pending.Count == 0 && _added.Count == 0)
            {
                Monitor.Wait(_gate);
            }

            _pending.AddRange(_added);
            _added.Clear();
        }
    }

    /// <summary>
    /// Runs the before-sleep checks at most once per long slice (each may read /proc), and once per word and
    /// value: a thousand waits on the lock of one live holder ask the OS about it once.
    /// </summary>
    /// <returns>Whether a check settled a wait.</returns>
    private bool RunChecks()
    {
        if (Stopwatch.GetElapsedTime(_lastChecked) < LongSlice)
        {
            return false;
        }

        _lastChecked = Stopwatch.GetTimestamp();
        var foundNothing = new HashSet<(nint Word, int Value)>();
        return _pending.RemoveAll(wait =>
        {
            if (!wait.HasCheck)
            {
                return false;
            }

            var key = ((nint)wait.Word, Volatile.Read(ref *wait.Word));
            if (foundNothing.Contains(key))
            {
                return false;
            }

            if (wait.Check(key.Item2))
            {
                return true;
            }

            foundNothing.Add(key);
            return false;
        }) > 0;
    }

    /// <summary>Sleeps on the first pending word while it keeps the value that wait last saw, for one slice at most.</summary>
    private void Sleep()
    {
        var first = _pending[0];
        var word = first.Word;
        var slice = _pending.TrueForAll(wait => wait.Word == word) ? LongSlice : ShortSlice;
        foreach (var wait in _pending)
        {
            if (wait.Left is { } left && left < slice)
            {
                slice = left;
            }
        }

        Volatile.Write(ref _sleepingOn, (nint)word);
        Interlocked.Increment(ref word[1]);
        if (!_nudged)
        {
            // The value seen when the wait was stepped, not a fresh read: a release since then ends the sleep at once.
            Futex.WaitWhile(word, first.Observed, slice);
        }

        Interlocked.Decrement(ref word[1]);
        Volatile.Write(ref _sleepingOn, 0);
    }

    /// <summary>Makes the thread look at its waits now (a wait was added, or a token cancelled).</summary>
    private void Nudge()
    {
        _nudged = true;
        var word = Volatile.Read(ref _sleepingOn);
        if (word != 0)
        {
            // Wakes every sleeper of that word, including other processes': they find nothing changed and sleep again.
            Futex.WakeUp((int*)word, int.MaxValue);
        }
    }
}
