using System.Diagnostics;
using System.Text;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>Reads the value out of an item's bytes; it runs under the ring's lock for an item kept in the ring.</summary>
internal delegate TResult ItemReader<out TResult>(ReadOnlySpan<byte> bytes);

/// <summary>How a take ended.</summary>
internal enum TakeOutcome
{
    Item,
    Empty,
    EndOfChannel,
}

internal sealed partial class ChannelClient
{
    /// <summary>
    /// Takes the first item and reads it with <paramref name="read"/>, waiting for one when <paramref name="block"/>,
    /// for at most <paramref name="timeout"/>. The item leaves the ring when it has been read: a process killed
    /// before that leaves it there, and a reader that throws still takes it (the exception is the caller's).
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first; nothing was taken.</exception>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    /// <exception cref="ObjectDisposedException">The handle's ring was released in this process.</exception>
    public async ValueTask<(TakeOutcome Outcome, TResult? Value)> TakeAsync<TResult>(
        ItemReader<TResult> read, bool block, TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        timeout = Timeouts.Normalize(timeout);
        block &= timeout != TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = TryTake(read, block);
            if (attempt.SpilledPath is { } path)
            {
                return (TakeOutcome.Item, ReadSpilled(attempt.SpilledAt, path, read));
            }

            if (attempt.Outcome is { } outcome)
            {
                return (outcome, attempt.Value);
            }

            var left = Timeouts.Left(timeout, started);
            if (left <= TimeSpan.Zero)
            {
                return (TakeOutcome.Empty, default);
            }

            await ChangedAsync(Ring.ItemsWord, attempt.Observed, left, cancellationToken, sync).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a take would answer at once (an item, or the end of the stream), waiting for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    public async ValueTask<bool> PeekAsync(TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        timeout = Timeouts.Normalize(timeout);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (ready, observed) = TryPeek();
            var left = Timeouts.Left(timeout, started);
            if (ready || left <= TimeSpan.Zero)
            {
                return ready;
            }

            await ChangedAsync(Ring.ItemsWord, observed, left, cancellationToken, sync).ConfigureAwait(false);
        }
    }

    private Attempt<TResult> TryTake<TResult>(ItemReader<TResult> read, bool block)
    {
        using var locked = Lock();
        var ring = locked.Ring;
        var state = ring.State;
        ThrowIfUnusable(state);
        var at = ring.FindReady(state);
        if (at >= 0 && ring.KindOf(at) == RecordKind.Inline)
        {
            try
            {
                return new Attempt<TResult>(TakeOutcome.Item, read(ring.Bytes(at)));
            }
            finally
            {
                ring.Remove(ref state, at);
                ring.Commit(state);
                ring.Bump(Ring.SpaceWord);
            }
        }

        if (at >= 0)
        {
            // A file too large to read under the lock: marked as being taken by this process, read outside it,
            // and removed once read; the owner puts it back if this process dies first.
            var path = Encoding.UTF8.GetString(ring.Bytes(at));
            ring.MarkTaking(ref state, at, Pid);
            ring.Commit(state);
            return new Attempt<TResult>(null, default, SpilledAt: at, SpilledPath: path);
        }

        if (state.Has(RingFlags.WritingClosed))
        {
            return new Attempt<TResult>(TakeOutcome.EndOfChannel, default);
        }

        return block
            ? new Attempt<TResult>(null, default, Observed: ring.Observe(Ring.ItemsWord))
            : new Attempt<TResult>(TakeOutcome.Empty, default);
    }

    private TResult ReadSpilled<TResult>(long at, string path, ItemReader<TResult> read)
    {
        try
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
                // Removed with the channel: its owner disposed it or exited meanwhile.
                throw GoneError();
            }

            return read(bytes);
        }
        finally
        {
            using (var locked = Lock())
            {
                var state = locked.Ring.State;
                locked.Ring.Remove(ref state, at);
                locked.Ring.Commit(state);
                locked.Ring.Bump(Ring.SpaceWord);
            }

            File.Delete(path);
        }
    }

    private (bool Ready, int Observed) TryPeek()
    {
        using var locked = Lock();
        var ring = locked.Ring;
        var state = ring.State;
        ThrowIfUnusable(state);
        var ready = ring.FindReady(state) >= 0 || state.Has(RingFlags.WritingClosed);
        return (ready, ring.Observe(Ring.ItemsWord));
    }

    /// <summary>One look at the ring: an outcome, a large item to read outside the lock, or the items word to wait on.</summary>
    private readonly record struct Attempt<TResult>(
        TakeOutcome? Outcome, TResult? Value, long SpilledAt = -1, string? SpilledPath = null, int Observed = 0);
}
