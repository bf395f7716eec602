using System.Diagnostics;
using System.Text;
using Actors.Multiprocessing.Internal.Metrics;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

internal sealed partial class ChannelClient
{
    // The most items a feeder writes under one hold of the lock: enough to amortise it, few enough that
    // takers are not kept waiting for long. A constant: it moves no result, only who waits a few microseconds.
    private const int FeedBatch = 256;

    [Hyperion.Ignore]
    private long _inlineLimit;

    [Hyperion.Ignore]
    private bool _bounded;

    // This client's backlog while it lasts, so that a put behind it finds it without the process's table.
    [Hyperion.Ignore]
    private Backlog? _backlog;

    /// <summary>
    /// Puts an item's <paramref name="bytes"/>. With <paramref name="backlog"/> (a queue), an unbounded channel
    /// never waits: what does not fit in the ring now waits in this process's backlog (CPython's feeder thread),
    /// flushed before the process exits; a bounded queue admits at most its capacity, and when it is full the put
    /// waits for room when <paramref name="block"/>, for at most <paramref name="timeout"/>. Without (a pipe, whose
    /// send CPython blocks while the OS pipe is full), a put waits until its item fits in the ring. From another
    /// host, the owner puts it (<see cref="RemoteChannel"/>), under the same rules, and the put returns once it did.
    /// </summary>
    /// <returns>False when the queue stayed full.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled first; nothing was put.</exception>
    /// <exception cref="IOException">Broken pipe: the reading end was closed; nothing was put.</exception>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    /// <exception cref="ObjectDisposedException">The handle's ring was released in this process.</exception>
    /// <exception cref="TransferException">From another host: the item is larger than a message between hosts carries.</exception>
    public ValueTask<bool> PutAsync(ReadOnlySpan<byte> bytes, bool backlog, bool block, TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Remote is { } remote)
        {
            return CountedAsync(remote.PutAsync(bytes.ToArray(), backlog, block, Timeouts.Normalize(timeout), cancellationToken));
        }

        var started = Stopwatch.GetTimestamp();
        var spilled = bytes.Length > InlineLimit() ? SpillFile.Write(bytes) : null;
        try
        {
            var (placed, observed) = TryPut(spilled is null ? bytes : default, spilled, backlog);
            switch (placed)
            {
                case Placement.InRing:
                    spilled = null;
                    return Counted(true);
                case Placement.Full when block:
                    var waiting = new Outgoing(spilled is null ? bytes.ToArray() : null, spilled, Parked: false);
                    spilled = null;
                    return CountedAsync(WaitToPutAsync(waiting, backlog, observed, Timeouts.Normalize(timeout), started, cancellationToken, sync));
                case Placement.Full:
                    return ValueTask.FromResult(false);
                default:
                    ToBacklog(new Outgoing(spilled is null ? bytes.ToArray() : null, spilled, placed == Placement.Parked));
                    spilled = null;
                    return Counted(true);
            }
        }
        finally
        {
            // Not put, and not handed to a backlog or a waiting put: its file goes.
            if (spilled is not null)
            {
                File.Delete(spilled);
            }
        }
    }

    private ValueTask<bool> Counted(bool put)
    {
        if (put)
        {
            LibraryMeter.Put(MetricName);
        }

        return ValueTask.FromResult(put);
    }

    private async ValueTask<bool> CountedAsync(ValueTask<bool> putting) => await Counted(await putting.ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// Writes what this process's backlog holds for the ring, as far as there is room, in order, a batch at a
    /// time. Returns whether the backlog is empty, and the space word to wait on before the next batch (null: go
    /// on at once). A ring closed meanwhile drops what is left.
    /// </summary>
    public (bool Empty, int? WaitOn) Feed(Backlog backlog)
    {
        using var locked = Lock();
        var ring = locked.Ring;
        var state = ring.State;
        if (state.Has(RingFlags.Gone) || state.Has(RingFlags.ReadingClosed))
        {
            backlog.Drop();
            return (true, null);
        }

        var readyBefore = state.Count - state.InFlight;
        var landed = 0;
        while (landed < FeedBatch && backlog.Peek() is { } item)
        {
            if (!Land(ring, ref state, item.Inline, item.Spilled, item.Parked))
            {
                break;
            }

            backlog.Dequeue();
            landed++;
        }

        if (landed > 0)
        {
            ring.Commit(state);
            ring.Arrived(readyBefore);
        }

        // After a full batch the lock is let go for the takers, and the feeder comes straight back.
        return (backlog.Peek() is null, landed == FeedBatch ? null : ring.Observe(Ring.SpaceWord));
    }

    /// <summary>
    /// At exit: hands what this process's backlog still holds to the owner, who keeps feeding it into the ring,
    /// so that a producer exits without waiting for a consumer (CPython's feeder would block its exit, and a
    /// parent that joins its producers before reading deadlocks there). Large items' files are renamed after
    /// the owner first. Returns once the owner has them, or the <paramref name="bound"/> elapsed.
    /// </summary>
    public void HandOff(Backlog backlog, TimeSpan bound)
    {
        List<Outgoing> items;
        using (Lock())
        {
            items = backlog.TakeAll();
        }

        var kept = items.Select(item => item.Spilled is { } path ? item with { Spilled = SpillFile.Keep(path, OwnerPid), Parked = false } : item with { Parked = false })
            .Where(item => item.Inline is not null || item.Spilled is not null)
            .ToList();
        if (kept.Count == 0)
        {
            return;
        }

        try
        {
            var owner = Runtime.Current.System.Provider.ResolveActorRef(OwnerActor);
            var sent = Batches(kept).Select(batch => owner.Ask<HandedOff>(new HandOver(batch), bound)).ToArray<Task>();
            Task.WaitAll(sent);
        }
        catch (Exception e) when (e is AggregateException or AskTimeoutException)
        {
            // The owner is gone, or does not answer: nobody is left to read them.
            kept.ForEach(item => item.Discard());
        }
    }

    /// <summary>Groups items into messages of about a megabyte.</summary>
    private static IEnumerable<List<Outgoing>> Batches(List<Outgoing> items)
    {
        var batch = new List<Outgoing>();
        var bytes = 0L;
        foreach (var item in items)
        {
            batch.Add(item);
            bytes += item.Inline?.Length ?? item.Spilled!.Length;
            if (bytes >= 1 << 20)
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async ValueTask<bool> WaitToPutAsync(Outgoing item, bool backlog, int observed, TimeSpan? timeout, long started, CancellationToken cancellationToken, bool sync)
    {
        var done = false;
        try
        {
            while (true)
            {
                var left = Timeouts.Left(timeout, started);
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                await ChangedAsync(Ring.SpaceWord, observed, left, cancellationToken, sync).ConfigureAwait(false);
                (var placed, observed) = TryPut(item.Inline, item.Spilled, backlog);
                if (placed != Placement.Full)
                {
                    if (placed != Placement.InRing)
                    {
                        ToBacklog(item with { Parked = placed == Placement.Parked });
                    }

                    done = true;
                    return true;
                }
            }
        }
        finally
        {
            if (!done && item.Spilled is { } path)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>One try under the lock: into the ring, admitted and parked (bounded), into the backlog (unbounded), or full.</summary>
    private (Placement Placed, int Observed) TryPut(ReadOnlySpan<byte> inline, string? spilled, bool backlog)
    {
        if (backlog && !Bounded() && HasBacklog())
        {
            // Behind this process's earlier items, which wait for room: no need for the lock.
            return (Placement.Backlog, 0);
        }

        using var locked = Lock();
        var ring = locked.Ring;
        var state = ring.State;
        ThrowIfUnusable(state);
        if (state.Has(RingFlags.ReadingClosed))
        {
            throw new IOException($"Broken pipe: the other end of the {Description} was closed; nothing more can be sent to it (CPython's BrokenPipeError).");
        }

        var capacity = ring.Capacity;
        if (capacity > 0 && state.Count + state.Parked >= capacity)
        {
            return (Placement.Full, ring.Observe(Ring.SpaceWord));
        }

        var readyBefore = state.Count - state.InFlight;
        if (!HasBacklog() && Land(ring, ref state, inline, spilled, parked: false))
        {
            ring.Commit(state);
            ring.Arrived(readyBefore);
            return (Placement.InRing, 0);
        }

        if (capacity == 0)
        {
            return backlog ? (Placement.Backlog, 0) : (Placement.Full, ring.Observe(Ring.SpaceWord));
        }

        // Admitted, but no room for its bytes yet: counted in the queue, it waits in this process's backlog.
        if (!state.Park(Pid))
        {
            return (Placement.Full, ring.Observe(Ring.SpaceWord));
        }

        ring.Commit(state);
        return (Placement.Parked, 0);
    }

    /// <summary>Appends one item to <paramref name="state"/> if it fits; a large item's file is renamed after the owner first.</summary>
    private bool Land(Ring ring, ref RingState state, ReadOnlySpan<byte> inline, string? spilled, bool parked)
    {
        if (spilled is null)
        {
            if (!ring.Fits(state, inline.Length))
            {
                return false;
            }

            ring.TryAppend(ref state, inline, RecordKind.Inline);
        }
        else
        {
            // The longest path of the same shape: a rename does not change its length by more than a pid's digits.
            if (!ring.Fits(state, Encoding.UTF8.GetByteCount(spilled) + 16))
            {
                return false;
            }

            // Its writer may die now: named after the owner, it lives as long as the queue can hand it out.
            var kept = SpillFile.Keep(spilled, OwnerPid) ?? throw new InvalidOperationException($"The file of an item for the {Description} vanished before it was put.");
            ring.TryAppend(ref state, Encoding.UTF8.GetBytes(kept), RecordKind.Spilled);
        }

        if (parked)
        {
            state.Unpark(Pid);
        }

        state.Unfinished++;
        return true;
    }

    /// <summary>Whether this process has items for the ring waiting: a put then goes behind them.</summary>
    private bool HasBacklog() => _backlog is { IsOpen: true } || Feeders.HasBacklog(Path);

    /// <summary>Puts an item behind this process's others for the ring (the backlog is kept at hand while it lasts).</summary>
    private void ToBacklog(Outgoing item)
    {
        if (_backlog is not { } backlog || !backlog.TryEnqueue(item))
        {
            _backlog = Feeders.Add(this, item);
        }
    }

    private long InlineLimit()
    {
        ReadShape();
        return _inlineLimit;
    }

    private bool Bounded()
    {
        ReadShape();
        return _bounded;
    }

    /// <summary>Reads what never changes in a ring, once per client.</summary>
    private void ReadShape()
    {
        if (_inlineLimit == 0)
        {
            using var use = _segment.Enter();
            var ring = Ring.Of(_segment);
            _bounded = ring.Capacity > 0;
            _inlineLimit = ring.InlineLimit;
        }
    }

    private enum Placement
    {
        InRing,
        Parked,
        Backlog,
        Full,
    }
}
