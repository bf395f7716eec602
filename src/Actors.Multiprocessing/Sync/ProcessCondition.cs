using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>
/// A condition variable shared by processes (CPython's <c>multiprocessing.Condition</c>) over a
/// <see cref="ProcessLock"/>: Wait releases the lock, sleeps until notified, and takes the lock back.
/// </summary>
/// <remarks>
/// A notification goes to processes waiting at that moment; as with any condition, a waiter may wake without
/// one, so check what you wait for (<see cref="WaitFor"/> does). Each waiter has a slot in shared memory that
/// a notification marks; a waiter that dies takes its slot with it: Notify passes it over for a live waiter,
/// and no wakeup is left behind for a later Wait (CPython's condition would hang or hand it on).
/// </remarks>
public sealed unsafe partial class ProcessCondition : IDisposable
{
    /// <summary>Waiters at once, across all processes: a slot is 8 bytes, so the table stays small.</summary>
    internal const int Slots = 1024;

    // The words of this condition's own segment: a sequence the sleepers watch (and its sleepers), then a
    // table of slots, each the waiter's pid and its state.
    private const int Sequence = 0, Table = 2;
    private const int Free = 0, Waiting = 1, Notified = 2;

    private readonly SharedSegment _segment = SharedSegment.Create((Table + (2 * Slots)) * sizeof(int), nameof(ProcessCondition));
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

    /// <summary>
    /// Releases the lock, waits for a notification at most <paramref name="timeout"/> (null: as long as it
    /// takes; zero or negative: not at all), and takes the lock back.
    /// </summary>
    /// <returns>False when the timeout elapsed without a notification.</returns>
    /// <exception cref="InvalidOperationException">This process does not hold the lock, or 1024 threads wait on the condition already.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The condition was disposed in this process.</exception>
    public bool Wait(TimeSpan? timeout = null)
    {
        // A Dispose on another thread meanwhile unmaps nothing under this call.
        using var use = _segment.Enter();
        var slot = Enter("Wait");
        bool notified;
        try
        {
            SharedWait.Until(_segment, SequenceWord, _ => IsNotified(slot), timeout, CancellationToken.None);
        }
        finally
        {
            notified = Leave(slot);
            Lock.Acquire();
        }

        return notified;
    }

    /// <summary>Wakes up to <paramref name="count"/> processes waiting now, passing over waiters that died.</summary>
    /// <exception cref="InvalidOperationException">This process does not hold the lock.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The condition was disposed in this process.</exception>
    public void Notify(int count = 1)
    {
        // A Dispose on another thread meanwhile unmaps nothing under this call.
        using var use = _segment.Enter();
        ThrowUnlessHeld("Notify");
        var words = Words;
        var woken = 0;
        for (var slot = 0; slot < Slots && woken < count; slot++)
        {
            if (Volatile.Read(ref State(words, slot)) != Waiting || Pid(words, slot) is not (var pid and not 0))
            {
                // Free, notified already, or a waiter leaving (it clears its pid first).
                continue;
            }

            if (!PidWatch.IsAlive(pid))
            {
                FreeSlot(words, slot);
            }
            else if (Interlocked.CompareExchange(ref State(words, slot), Notified, Waiting) == Waiting)
            {
                woken++;
            }
        }

        if (woken > 0)
        {
            Interlocked.Increment(ref words[Sequence]);
            SharedWait.Wake((nint)(words + Sequence), int.MaxValue);
        }
    }

    /// <summary>Wakes every process waiting now.</summary>
    /// <exception cref="InvalidOperationException">This process does not hold the lock.</exception>
    /// <exception cref="OwnerLostException">The process that created the condition has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The condition was disposed in this process.</exception>
    public void NotifyAll() => Notify(int.MaxValue);

    /// <summary>Takes a slot (under the lock, which every taker and notifier holds) and releases the lock.</summary>
    private int Enter(string call)
    {
        ThrowUnlessHeld(call);
        var words = Words;
        var slot = FindFree(words);
        if (slot < 0)
        {
            // A full table may hold slots of waiters that died; only then is it worth asking the OS.
            FreeDeadSlots(words);
            slot = FindFree(words);
        }

        if (slot < 0)
        {
            throw new InvalidOperationException(
                $"{call}() on a condition that {Slots} threads wait on already (its table of waiters is full); notify some of them, or split the waiters over several conditions.");
        }

        Pid(words, slot) = Environment.ProcessId;
        Volatile.Write(ref State(words, slot), Waiting);
        Lock.Release();
        return slot;
    }

    /// <summary>Frees this process's view of the condition, and of its lock when the condition made it; using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose()
    {
        _segment.Dispose();
        if (_ownsLock)
        {
            Lock.Dispose();
        }
    }

    /// <summary>Gives the slot back (without the lock) and returns whether it was notified.</summary>
    private bool Leave(int slot)
    {
        var words = Words;
        // The pid first: a notifier passes over a slot without one, so it never sees this slot as a dead waiter's.
        Volatile.Write(ref Pid(words, slot), 0);
        return Interlocked.Exchange(ref State(words, slot), Free) == Notified;
    }

    private nint SequenceWord => (nint)(Words + Sequence);

    private bool IsNotified(int slot) => Volatile.Read(ref State(Words, slot)) == Notified;

    private static int FindFree(int* words)
    {
        for (var slot = 0; slot < Slots; slot++)
        {
            if (Volatile.Read(ref State(words, slot)) == Free)
            {
                return slot;
            }
        }

        return -1;
    }

    private static void FreeDeadSlots(int* words)
    {
        for (var slot = 0; slot < Slots; slot++)
        {
            if (Volatile.Read(ref State(words, slot)) != Free && Pid(words, slot) is var pid and not 0 && !PidWatch.IsAlive(pid))
            {
                FreeSlot(words, slot);
            }
        }
    }

    /// <summary>Frees a dead waiter's slot, under the lock: nobody else writes a slot whose owner died.</summary>
    private static void FreeSlot(int* words, int slot)
    {
        Pid(words, slot) = 0;
        Volatile.Write(ref State(words, slot), Free);
    }

    private static ref int Pid(int* words, int slot) => ref words[Table + (2 * slot)];

    private static ref int State(int* words, int slot) => ref words[Table + (2 * slot) + 1];

    private void ThrowUnlessHeld(string call)
    {
        if (Lock.HolderPid != Environment.ProcessId)
        {
            throw new InvalidOperationException($"{call}() on a condition whose lock this process does not hold (CPython: cannot wait on un-acquired lock); acquire condition.Lock first.");
        }
    }
}
