using System.Diagnostics;
using System.Text;
using Actors.Multiprocessing.Internal.Metrics;

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
    // Items from this size on are read outside the ring's lock, so that a putter can write while they are
    // copied out; smaller ones cost less than the second round of the lock that this takes. A constant: it
    // only moves work between two equally correct paths.
    private const int ReadOutsideFrom = 16 << 10;

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
            if (attempt.TakingAt >= 0)
            {
                var item = ReadTaking(attempt.TakingAt, attempt.SpilledPath, read);
                LibraryMeter.Taken(MetricName);
                return (TakeOutcome.Item, item);
            }

            if (attempt.Outcome is { } outcome)
            {
                if (outcome == TakeOutcome.Item)
                {
                    LibraryMeter.Taken(MetricName);
                }

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
        if (state.InFlight > 0 && PutBackBefore(ring, at))
        {
            state = ring.State;
            at = ring.FindReady(state);
        }

        if (at >= 0 && ring.KindOf(at) == RecordKind.Inline && ring.Bytes(at).Length < ReadOutsideFrom)
        {
            try
            {
                return new Attempt<TResult>(TakeOutcome.Item, read(ring.Bytes(at)));
            }
            finally
            {
                ring.Remove(ref state, at);
                ring.Commit(state);
                ring.Freed(state);
            }
        }

        if (at >= 0)
        {
            // Too large to read under the lock (it would stall the putters): marked as being taken by this
            // process, read outside it, and removed once read; the owner puts it back if this process dies first.
            var path = ring.KindOf(at) == RecordKind.Spilled ? Encoding.UTF8.GetString(ring.Bytes(at)) : null;
            ring.MarkTaking(ref state, at, Pid);
            ring.Commit(state);
            return new Attempt<TResult>(null, default, TakingAt: at, SpilledPath: path);
        }

        if (state.Has(RingFlags.WritingClosed))
        {
            return new Attempt<TResult>(TakeOutcome.EndOfChannel, default);
        }

        return block
            ? new Attempt<TResult>(null, default, Observed: ring.Observe(Ring.ItemsWord))
            : new Attempt<TResult>(TakeOutcome.Empty, default);
    }

    /// <summary>Reads an item this process marked as being taken (in the ring, or in its file), then removes it.</summary>
    /// <summary>
    /// Puts back the items that dead takers were reading ahead of <paramref name="ready"/> (the first ready
    /// record, or -1): the owner would within its peer check, but a take now would pass them by and break the
    /// queue's order. Returns whether it put any back.
    /// </summary>
    private static bool PutBackBefore(Ring ring, long ready)
    {
        var putBack = false;
        foreach (var (at, pid) in ring.InFlight(ring.State))
        {
            if ((ready < 0 || at < ready) && IsDead(pid))
            {
                var state = ring.State;
                ring.MarkTaking(ref state, at, 0);
                ring.Commit(state);
                putBack = true;
            }
        }

        return putBack;
    }

    private TResult ReadTaking<TResult>(long at, string? path, ItemReader<TResult> read)
    {
        try
        {
            if (path is null)
            {
                // Nobody writes over a record being taken: the head cannot pass it.
                using var use = _segment.Enter();
                return read(Ring.Of(_segment).Bytes(at));
            }

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
                locked.Ring.Freed(state);
            }

            if (path is not null)
            {
                File.Delete(path);
            }
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
        TakeOutcome? Outcome, TResult? Value, long TakingAt = -1, string? SpilledPath = null, int Observed = 0);
}
