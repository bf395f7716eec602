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
    /// From another host, the owner does it (<see cref="RemoteChannel"/>), under the same rule.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first; nothing was taken.</exception>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    /// <exception cref="ObjectDisposedException">The handle's ring was released in this process.</exception>
    public async ValueTask<(TakeOutcome Outcome, TResult? Value)> TakeAsync<TResult>(
        ItemReader<TResult> read, bool block, TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        var taken = Remote is { } remote
            ? await remote.TakeAsync(read, block, timeout, cancellationToken).ConfigureAwait(false)
            : await TakeHereAsync(read, block, timeout, cancellationToken, sync).ConfigureAwait(false);
        if (taken.Outcome == TakeOutcome.Item)
        {
            LibraryMeter.Taken(MetricName);
        }

        return taken;
    }

    private async ValueTask<(TakeOutcome Outcome, TResult? Value)> TakeHereAsync<TResult>(
        ItemReader<TResult> read, bool block, TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        var attempt = await AttemptAsync(waiting => TryTake(read, waiting), block, timeout, cancellationToken, sync).ConfigureAwait(false);
        return attempt.TakingAt >= 0
            ? (TakeOutcome.Item, ReadTaking(attempt.TakingAt, attempt.SpilledPath, read))
            : (attempt.Outcome!.Value, attempt.Value);
    }

    /// <summary>
    /// Tries <paramref name="attempt"/> until it gives an outcome or a record to read, waiting for items when
    /// <paramref name="block"/>, for at most <paramref name="timeout"/>; an Empty outcome when the time ran out.
    /// </summary>
    private async ValueTask<Attempt<TResult>> AttemptAsync<TResult>(
        Func<bool, Attempt<TResult>> attempt, bool block, TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        timeout = Timeouts.Normalize(timeout);
        block &= timeout != TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = attempt(block);
            if (next.TakingAt >= 0 || next.Outcome is not null)
            {
                return next;
            }

            var left = Timeouts.Left(timeout, started);
            if (left <= TimeSpan.Zero)
            {
                return new Attempt<TResult>(TakeOutcome.Empty, default);
            }

            await ChangedAsync(Ring.ItemsWord, next.Observed, left, cancellationToken, sync).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a take would answer at once (an item, or the end of the stream), waiting for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    public async ValueTask<bool> PeekAsync(TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        if (Remote is { } remote)
        {
            return await remote.PeekAsync(timeout, cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>
    /// One look at the ring: a small item is read and removed under the lock; a large one, or any item when there
    /// is no <paramref name="read"/> (a claim), is marked as being taken by this process, to be read outside it.
    /// </summary>
    private Attempt<TResult> TryTake<TResult>(ItemReader<TResult>? read, bool block)
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

        if (read is not null && at >= 0 && ring.KindOf(at) == RecordKind.Inline && ring.Bytes(at).Length < ReadOutsideFrom)
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
                PutBack(ring, at);
                putBack = true;
            }
        }

        return putBack;
    }

    /// <summary>Marks the record at <paramref name="at"/>, being taken, as ready again (not yet woken).</summary>
    private static void PutBack(Ring ring, long at)
    {
        var state = ring.State;
        ring.MarkTaking(ref state, at, 0);
        ring.Commit(state);
    }

    /// <summary>Reads an item this process marked as being taken (in the ring, or in its file), then removes it.</summary>
    private TResult ReadTaking<TResult>(long at, string? path, ItemReader<TResult> read)
    {
        try
        {
            return ReadRecord(at, path, read);
        }
        finally
        {
            RemoveTaken(at, path);
        }
    }

    /// <summary>Reads the record at <paramref name="at"/>, marked as being taken by this process, leaving it there.</summary>
    private TResult ReadRecord<TResult>(long at, string? path, ItemReader<TResult> read)
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

    /// <summary>Takes the record at <paramref name="at"/>, marked as being taken by this process, out of the ring, and its file.</summary>
    private void RemoveTaken(long at, string? path)
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
