using System.Linq.Expressions;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.SharedMemory;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing;

/// <summary>
/// A barrier for a fixed number of parties across processes (CPython's <c>multiprocessing.Barrier</c>):
/// each Wait blocks until all parties wait, then all go on together.
/// </summary>
/// <remarks>
/// A party that dies while it waits breaks the barrier: the others get <see cref="BrokenBarrierException"/>
/// instead of a round that trips without it (CPython hangs). Waiting parties notice within a fraction of a
/// second, and the next party to arrive notices at once.
/// </remarks>
public sealed unsafe partial class ProcessBarrier : IDisposable
{
    /// <summary>The most parties a barrier takes: each has a slot in shared memory while it waits.</summary>
    internal const int MaxParties = 65536;

    private readonly SharedSegment _segment;
    private readonly ProcessLock _lock;
    private readonly TargetCall? _action;
    private readonly TimeSpan? _timeout;

    /// <summary>
    /// Creates a barrier for <paramref name="parties"/> parties. The <paramref name="action"/>, a call such as
    /// <c>() => Work.Log("all here")</c> (its arguments evaluated now), runs once per round, in the process
    /// whose Wait completes the round. <paramref name="timeout"/> is the default for Wait (null: none; zero
    /// or negative: a party that does not complete the round breaks it at once).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parties"/> is less than 1 or more than 65,536.</exception>
    /// <exception cref="TransferException">The action is not one call, or an argument failed to evaluate.</exception>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public ProcessBarrier(int parties, Expression<Action>? action = null, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parties, MaxParties);
        Parties = parties;
        _action = action is null ? null : TargetCompiler.Compile(action);
        _timeout = Timeouts.Normalize(timeout);
        _segment = SharedSegment.Create(ProcessLock.Size + ((Slots + parties) * sizeof(int)), nameof(ProcessBarrier));
        _lock = new ProcessLock(_segment, 0);
    }

    /// <summary>The number of parties a round needs.</summary>
    public int Parties { get; }

    /// <summary>The number of parties waiting in the current round.</summary>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public int NWaiting
    {
        get
        {
            using var use = _segment.Enter();
            return Volatile.Read(ref Words[Waiting]);
        }
    }

    /// <summary>Whether the barrier is broken (aborted, timed out, a party died, or its action failed); Reset mends it.</summary>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public bool IsBroken
    {
        get
        {
            using var use = _segment.Enter();
            return Volatile.Read(ref Words[Broken]) != 0;
        }
    }

    private int* Words => (int*)(_segment.Pointer + ProcessLock.Size);

    /// <summary>
    /// Waits for the other parties, at most <paramref name="timeout"/> (null: the barrier's default; zero or
    /// negative: this party breaks the barrier unless it completes the round).
    /// </summary>
    /// <returns>This party's arrival index in the round, 0 to Parties - 1: exactly one party gets 0.</returns>
    /// <exception cref="BrokenBarrierException">The barrier is or became broken, or the wait timed out (which breaks it).</exception>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public int Wait(TimeSpan? timeout = null)
    {
        // A Dispose on another thread meanwhile unmaps nothing under this call.
        using var use = _segment.Enter();
        int index, generation;
        using (_lock.Hold())
        {
            (index, generation) = Arrive();
            if (index == Parties - 1)
            {
                CompleteRound(RunActionAsync().GetAwaiter().GetResult());
                return index;
            }
        }

        var passed = SharedWait.Until(
            _segment, GenerationWord, observed => observed != generation, Timeout(timeout), CancellationToken.None, _ => BreakIfAPartyDied(generation));
        return Leave(index, generation, passed);
    }

    /// <summary>Breaks the barrier: waiting and future Wait calls throw until <see cref="Reset"/>.</summary>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public void Abort()
    {
        using var use = _segment.Enter();
        using (_lock.Hold())
        {
            Break(Words);
        }
    }

    /// <summary>Returns the barrier to empty and unbroken; parties waiting now get <see cref="BrokenBarrierException"/>.</summary>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public void Reset()
    {
        using var use = _segment.Enter();
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

    private TimeSpan? Timeout(TimeSpan? timeout) => timeout is null ? _timeout : Timeouts.Normalize(timeout);
}
