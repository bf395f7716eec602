using System.Text;

namespace Actors.Multiprocessing.Internal.Channels;

internal sealed partial class ChannelClient
{
    /// <summary>The number of items: in the ring, and admitted to a bounded queue but still waiting in their putters.</summary>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    public int Count()
    {
        if (Remote is { } remote)
        {
            return remote.Count();
        }

        using var locked = Lock();
        var state = locked.Ring.State;
        ThrowIfUnusable(state);
        return state.Count + state.Parked;
    }

    /// <summary>Marks one item done (JoinableQueue); false when none is unfinished.</summary>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    public bool TaskDone()
    {
        if (Remote is { } remote)
        {
            return remote.TaskDone();
        }

        using var locked = Lock();
        var ring = locked.Ring;
        var state = ring.State;
        ThrowIfUnusable(state);
        if (state.Unfinished == 0)
        {
            return false;
        }

        state.Unfinished--;
        ring.Commit(state);
        if (state.Unfinished == 0)
        {
            ring.Bump(Ring.TasksWord);
        }

        return true;
    }

    /// <summary>Completes once no item put is unfinished (JoinableQueue.Join).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    public async Task JoinTasksAsync(CancellationToken cancellationToken)
    {
        if (Remote is { } remote)
        {
            await remote.JoinTasksAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (done, observed) = Unfinished();
            if (done)
            {
                return;
            }

            await ChangedAsync(Ring.TasksWord, observed, null, cancellationToken, sync: false).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the space word differs from <paramref name="observed"/> (a feeder waiting for room).</summary>
    /// <exception cref="OwnerLostException">The owner died meanwhile.</exception>
    public void WaitForRoom(int observed) =>
        ChangedAsync(Ring.SpaceWord, observed, null, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    /// <summary>Closes the sending end (of a pipe): takers get the end of the stream once they took what was sent.</summary>
    public void CloseWriting()
    {
        if (Remote is { } remote)
        {
            remote.Close(reading: false);
            return;
        }

        using var locked = Lock();
        var state = locked.Ring.State;
        state.Flags |= (int)RingFlags.WritingClosed;
        locked.Ring.Commit(state);
        locked.Ring.Bump(Ring.ItemsWord);
    }

    /// <summary>Closes the receiving end for everyone: what was sent is dropped, and a send fails as a broken pipe.</summary>
    public void CloseReading()
    {
        if (Remote is { } remote)
        {
            remote.Close(reading: true);
            return;
        }

        using var locked = Lock();
        var ring = locked.Ring;
        // One record per commit: each removal is whole, whatever instant this process dies at. Items being
        // taken stay with their takers.
        var state = ring.State;
        for (var at = ring.FindReady(state); at >= 0; at = ring.FindReady(state))
        {
            DiscardFile(ring, at);
            ring.Remove(ref state, at);
            ring.Commit(state);
            state = ring.State;
        }

        state.Flags |= (int)(RingFlags.ReadingClosed | RingFlags.WritingClosed);
        ring.Commit(state);
        ring.Bump(Ring.ItemsWord);
        ring.Bump(Ring.SpaceWord);
    }

    /// <summary>
    /// The owner's end of the channel (disposed, or its owner stopping): every call fails from now on, waiters
    /// wake to fail, and the files of large items still in the ring go.
    /// </summary>
    public void MarkGone()
    {
        using var locked = Lock();
        var ring = locked.Ring;
        var state = ring.State;
        // Already over: disposed, or both ends of a pipe direction closed (they keep their own answers).
        if (state.Has(RingFlags.Gone) || (state.Has(RingFlags.WritingClosed) && state.Has(RingFlags.ReadingClosed)))
        {
            return;
        }

        foreach (var at in ring.Live(state))
        {
            DiscardFile(ring, at);
        }

        state.Flags |= (int)(RingFlags.Gone | RingFlags.WritingClosed | RingFlags.ReadingClosed);
        ring.Commit(state);
        ring.Bump(Ring.ItemsWord);
        ring.Bump(Ring.SpaceWord);
        ring.Bump(Ring.TasksWord);
    }

    /// <summary>
    /// The owner's check of its peers: items being taken by processes that died go back (in their place, at
    /// the head), and what dead putters had parked in a bounded queue is no longer counted.
    /// </summary>
    /// <returns>Whether the channel is over: disposed, or both ends closed (a pipe direction nobody can use any more).</returns>
    public bool Recover(Func<int, bool> dead)
    {
        using var locked = Lock();
        var ring = locked.Ring;
        var state = ring.State;
        foreach (var (at, pid) in ring.InFlight(state))
        {
            if (dead(pid))
            {
                PutBack(ring, at);
                ring.Bump(Ring.ItemsWord);
            }
        }

        state = ring.State;
        if (state.ForgetParked(dead))
        {
            ring.Commit(state);
            ring.Bump(Ring.SpaceWord);
        }

        return state.Has(RingFlags.WritingClosed) && state.Has(RingFlags.ReadingClosed);
    }

    private (bool Done, int Observed) Unfinished()
    {
        using var locked = Lock();
        var state = locked.Ring.State;
        ThrowIfUnusable(state);
        return (state.Unfinished == 0, locked.Ring.Observe(Ring.TasksWord));
    }

    private static void DiscardFile(Ring ring, long at)
    {
        if (ring.KindOf(at) == RecordKind.Spilled)
        {
            File.Delete(Encoding.UTF8.GetString(ring.Bytes(at)));
        }
    }
}
