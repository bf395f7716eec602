using System.Linq.Expressions;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.SharedMemory;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing;

/// <summary>
/// A barrier for a fixed number of parties across processes (CPython's <c>multiprocessing.Barrier</c>):
/// each Wait blocks until all parties wait, then all go on together.
/// </summary>
public sealed unsafe class ProcessBarrier : IDisposable
{
    // After the internal lock: generation (and its sleepers), parties waiting, broken flag, generation broken.
    private const int Generation = 0, Waiting = 2, Broken = 3, BrokenGeneration = 4;

    private readonly SharedSegment _segment;
    private readonly ProcessLock _lock;
    private readonly TargetCall? _action;
    private readonly TimeSpan? _timeout;

    /// <summary>
    /// Creates a barrier for <paramref name="parties"/> parties. The <paramref name="action"/>, a call such as
    /// <c>() => Work.Log("all here")</c> (its arguments evaluated now), runs once per round, in the process
    /// whose Wait completes the round. <paramref name="timeout"/> is the default for Wait.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parties"/> is less than 1.</exception>
    /// <exception cref="TransferException">The action is not one call, or an argument failed to evaluate.</exception>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public ProcessBarrier(int parties, Expression<Action>? action = null, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        Parties = parties;
        _action = action is null ? null : TargetCompiler.Compile(action);
        _timeout = timeout;
        _segment = SharedSegment.Create(ProcessLock.Size + (5 * sizeof(int)), nameof(ProcessBarrier));
        _lock = new ProcessLock(_segment, 0);
    }

    /// <summary>The number of parties a round needs.</summary>
    public int Parties { get; }

    /// <summary>The number of parties waiting in the current round.</summary>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public int NWaiting => Volatile.Read(ref Words[Waiting]);

    /// <summary>Whether the barrier is broken (aborted, timed out, or its action failed); Reset mends it.</summary>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public bool IsBroken => Volatile.Read(ref Words[Broken]) != 0;

    private int* Words => (int*)(_segment.Pointer + ProcessLock.Size);

    /// <summary>Waits for the other parties, at most <paramref name="timeout"/> (null: the barrier's default).</summary>
    /// <returns>This party's arrival index in the round, 0 to Parties - 1: exactly one party gets 0.</returns>
    /// <exception cref="BrokenBarrierException">The barrier is or became broken, or the wait timed out (which breaks it).</exception>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public int Wait(TimeSpan? timeout = null)
    {
        var words = Words;
        int index, generation;
        using (_lock.Hold())
        {
            ThrowIfBroken(words);
            generation = words[Generation];
            index = words[Waiting]++;
            if (index == Parties - 1)
            {
                CompleteRound(words);
                return index;
            }
        }

        var passed = SharedWait.Until(
            (nint)(words + Generation), observed => observed != generation, timeout ?? _timeout, CancellationToken.None);
        // As in CPython, a party that times out breaks the barrier for everyone, unless the round completed
        // between the timeout and taking the lock.
        if (!passed && !BreakRound(words, generation))
        {
            passed = true;
        }

        if (!passed || Volatile.Read(ref words[BrokenGeneration]) == generation + 1)
        {
            throw new BrokenBarrierException("The barrier was broken (aborted, reset, timed out, or its action failed) while this party waited.");
        }

        return index;
    }

    /// <summary>Breaks the barrier: waiting and future Wait calls throw until <see cref="Reset"/>.</summary>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public void Abort() => Break(Words);

    /// <summary>Returns the barrier to empty and unbroken; parties waiting now get <see cref="BrokenBarrierException"/>.</summary>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public void Reset()
    {
        var words = Words;
        using (_lock.Hold())
        {
            if (words[Waiting] > 0)
            {
                EndRound(words, broken: true);
            }

            words[Broken] = 0;
        }
    }

    /// <summary>Frees this process's view of the barrier (its memory, once no process holds it); using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose() => _segment.Dispose();

    private void CompleteRound(int* words)
    {
        try
        {
            _action?.InvokeAsync().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            words[Broken] = 1;
            EndRound(words, broken: true);
            throw new BrokenBarrierException($"The barrier's action failed: {e.Message}", e);
        }

        EndRound(words, broken: false);
    }

    private void Break(int* words)
    {
        using (_lock.Hold())
        {
            words[Broken] = 1;
            EndRound(words, broken: true);
        }
    }

    /// <summary>Breaks the round <paramref name="generation"/> if it is still the current one; false when it already ended.</summary>
    private bool BreakRound(int* words, int generation)
    {
        using (_lock.Hold())
        {
            if (words[Generation] != generation)
            {
                return false;
            }

            words[Broken] = 1;
            EndRound(words, broken: true);
            return true;
        }
    }

    /// <summary>Ends the round (under the lock): the waiting parties pass, or fail when it broke.</summary>
    private static void EndRound(int* words, bool broken)
    {
        if (broken)
        {
            // Generation + 1 marks the round that broke, so its waiters know they did not pass.
            Volatile.Write(ref words[BrokenGeneration], words[Generation] + 1);
        }

        words[Waiting] = 0;
        Interlocked.Increment(ref words[Generation]);
        SharedWait.Wake((nint)(words + Generation), int.MaxValue);
    }

    private static void ThrowIfBroken(int* words)
    {
        if (words[Broken] != 0)
        {
            throw new BrokenBarrierException("The barrier is broken; Reset() mends it.");
        }
    }
}
