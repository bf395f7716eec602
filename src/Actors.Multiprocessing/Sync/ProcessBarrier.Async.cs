using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>Waiting at the barrier without holding a thread, and the round's action, which may be awaited.</summary>
public sealed partial class ProcessBarrier
{
    /// <summary>Waits for the other parties, as long as the barrier's default timeout, without holding a thread while it waits.</summary>
    /// <returns>This party's arrival index in the round, 0 to Parties - 1: exactly one party gets 0.</returns>
    /// <exception cref="BrokenBarrierException">The barrier is or became broken, or the wait timed out (which breaks it).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first; a party that had arrived breaks the barrier, as a timeout does.</exception>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public Task<int> WaitAsync(CancellationToken cancellationToken = default) => WaitAsync(null, cancellationToken);

    /// <summary>
    /// Waits as <see cref="Wait"/> does, at most <paramref name="timeout"/> (null: the barrier's default), without
    /// holding a thread while it waits.
    /// </summary>
    /// <returns>This party's arrival index in the round, 0 to Parties - 1: exactly one party gets 0.</returns>
    /// <exception cref="BrokenBarrierException">The barrier is or became broken, or the wait timed out (which breaks it).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first; a party that had arrived breaks the barrier, as a timeout does.</exception>
    /// <exception cref="OwnerLostException">The process that created the barrier has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed in this process.</exception>
    public async Task<int> WaitAsync(TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        // A Dispose on another thread meanwhile unmaps nothing under this call.
        using var use = _segment.Enter();
        int index, generation;
        // The internal lock is held for a few instructions by any party (and for the action, by the last one).
        await _lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (index, generation) = Arrive();
            if (index == Parties - 1)
            {
                CompleteRound(await RunActionAsync().ConfigureAwait(false));
                return index;
            }
        }
        finally
        {
            _lock.Release();
        }

        var waiting = SharedWait.UntilAsync(
            _segment, GenerationWord, observed => observed != generation, Timeout(timeout), cancellationToken, _ => BreakIfAPartyDied(generation));
        await ((Task)waiting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (waiting.IsFaulted || (waiting.IsCanceled && BreakRound(generation)))
        {
            // Throws the failure, or the caller's cancellation: this party left the round, which broke it.
            await waiting.ConfigureAwait(false);
        }

        // Cancelled but the round had ended meanwhile: this party passed (or the round broke without it).
        return Leave(index, generation, waiting.IsCanceled || waiting.Result);
    }

    /// <summary>Runs the action, if any, and returns how it failed (null when it did not).</summary>
    private async Task<Exception?> RunActionAsync()
    {
        try
        {
            if (_action is not null)
            {
                await _action.InvokeAsync().ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
