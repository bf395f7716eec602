namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// An item the owner claimed for a taker on another host (<see cref="ChannelClient.ClaimAsync"/>): its record,
/// marked as being taken by the owner's process, stays in its place until the taker commits, and goes back if it
/// does not. <see cref="Bytes"/> are the item's, read out of the ring or its file.
/// </summary>
internal readonly record struct Claim(TakeOutcome Outcome, long At = -1, string? SpilledPath = null, byte[]? Bytes = null);

internal sealed partial class ChannelClient
{
    /// <summary>
    /// At the owner, for a taker on another host: waits at most <paramref name="wait"/> for the first item and
    /// claims it (it stays in the ring, passed over by other takers, until <see cref="CommitClaim"/> or
    /// <see cref="ReturnClaim"/>); an Empty or EndOfChannel outcome otherwise. Waits on the async-wait thread.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first; nothing was claimed.</exception>
    /// <exception cref="OwnerLostException">The channel was disposed.</exception>
    public async Task<Claim> ClaimAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var attempt = await AttemptAsync(waiting => TryTake<byte[]>(read: null, waiting), block: true, wait, cancellationToken, sync: false).ConfigureAwait(false);
        if (attempt.TakingAt < 0)
        {
            return new Claim(attempt.Outcome!.Value);
        }

        try
        {
            return new Claim(TakeOutcome.Item, attempt.TakingAt, attempt.SpilledPath, ReadRecord(attempt.TakingAt, attempt.SpilledPath, bytes => bytes.ToArray()));
        }
        catch
        {
            ReturnClaim(attempt.TakingAt);
            throw;
        }
    }

    /// <summary>Takes a claimed item out of the queue (its taker committed).</summary>
    public void CommitClaim(in Claim claim) => RemoveTaken(claim.At, claim.SpilledPath);

    /// <summary>Puts a claimed item back in its place, ready for the next taker.</summary>
    public void ReturnClaim(long at)
    {
        using var locked = Lock();
        PutBack(locked.Ring, at);
        locked.Ring.Bump(Ring.ItemsWord);
    }
}
