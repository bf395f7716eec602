using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>The rounds of a barrier in shared memory: arriving, completing, breaking, and parties that died.</summary>
public sealed unsafe partial class ProcessBarrier
{
    // After the internal lock: generation (and its sleepers), parties waiting, broken flag, generation broken,
    // then one slot per party: the pid of the party that arrived with that index in the current round.
    private const int Generation = 0, Waiting = 2, Broken = 3, BrokenGeneration = 4, Slots = 5;

    private nint GenerationWord => (nint)(Words + Generation);

    /// <summary>Counts this party in (under the lock) and returns its index and the round's generation.</summary>
    /// <exception cref="BrokenBarrierException">The barrier is broken, or a party waiting in this round died (which breaks it).</exception>
    private (int Index, int Generation) Arrive()
    {
        var words = Words;
        if (words[Broken] != 0)
        {
            throw new BrokenBarrierException("The barrier is broken; Reset() mends it.");
        }

        // Checked on arrival too, so that the last party never completes a round with a dead party counted in.
        if (ADeadPartyWaits(words))
        {
            Break(words);
            throw new BrokenBarrierException("A party waiting at the barrier died, which broke it; Reset() mends it.");
        }

        var index = words[Waiting];
        Volatile.Write(ref words[Slots + index], Environment.ProcessId);
        Volatile.Write(ref words[Waiting], index + 1);
        return (index, words[Generation]);
    }

    /// <summary>Ends the round the last party completed (under the lock), broken if the action failed.</summary>
    /// <exception cref="BrokenBarrierException">The action failed.</exception>
    private void CompleteRound(Exception? actionFailure)
    {
        var words = Words;
        if (actionFailure is not null)
        {
            Break(words);
            throw new BrokenBarrierException($"The barrier's action failed, which broke it; Reset() mends it. The failure: {actionFailure.Message}", actionFailure);
        }

        EndRound(words, broken: false);
    }

    /// <summary>
    /// Ends a party's wait: one that did not see the round end (a timeout) breaks it, as in CPython, unless it
    /// ended between the timeout and taking the lock.
    /// </summary>
    /// <exception cref="BrokenBarrierException">The round broke, or this party broke it.</exception>
    private int Leave(int index, int generation, bool passed)
    {
        if (!passed && !BreakRound(generation))
        {
            passed = true;
        }

        if (!passed || Volatile.Read(ref Words[BrokenGeneration]) == generation + 1)
        {
            throw new BrokenBarrierException(
                "The barrier was broken (aborted, reset, timed out, a party died, or its action failed) while this party waited; Reset() mends it.");
        }

        return index;
    }

    /// <summary>
    /// Before each sleep of a waiting party: breaks the round if a party waiting in it died. True when the round
    /// ended (the wait is over).
    /// </summary>
    private bool BreakIfAPartyDied(int generation) => ADeadPartyWaits(Words) && BreakRound(generation);

    /// <summary>Whether a party counted in the current round has died (read without the lock: a dead party's slot stays).</summary>
    private bool ADeadPartyWaits(int* words)
    {
        var waiting = Math.Min(Volatile.Read(ref words[Waiting]), Parties);
        for (var i = 0; i < waiting; i++)
        {
            if (Volatile.Read(ref words[Slots + i]) is var pid and not 0 && !PidWatch.IsAlive(pid))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Breaks the round <paramref name="generation"/> if it is still the current one; false when it already ended.</summary>
    private bool BreakRound(int generation)
    {
        var words = Words;
        using (_lock.Hold())
        {
            if (words[Generation] != generation)
            {
                return false;
            }

            Break(words);
            return true;
        }
    }

    /// <summary>Marks the barrier broken and ends the round (under the lock).</summary>
    private static void Break(int* words)
    {
        words[Broken] = 1;
        EndRound(words, broken: true);
    }

    /// <summary>Ends the round (under the lock): the waiting parties pass, or fail when it broke.</summary>
    private static void EndRound(int* words, bool broken)
    {
        if (broken)
        {
            // Generation + 1 marks the round that broke, so its waiters know they did not pass.
            Volatile.Write(ref words[BrokenGeneration], words[Generation] + 1);
        }

        new Span<int>(words + Slots, words[Waiting]).Clear();
        words[Waiting] = 0;
        Interlocked.Increment(ref words[Generation]);
        SharedWait.Wake((nint)(words + Generation), int.MaxValue);
    }
}
