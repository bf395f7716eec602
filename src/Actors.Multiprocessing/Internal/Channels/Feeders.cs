using Actors.Multiprocessing.Internal.Child;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// CPython's queue feeder threads, reduced to what they guarantee: an unbounded put never waits, and what this
/// process put reaches its ring before the process exits (joined at exit, unless the handle said
/// CancelJoinThread), so a producer that exits right after Put loses nothing. A put that finds no room in its
/// ring leaves the item in the channel's <see cref="Backlog"/>; a feeder thread per backlog writes it as room
/// appears (CPython's, too), spinning briefly and then sleeping on the ring's futex, so that it follows a fast
/// reader closely; it ends when the backlog is empty.
/// </summary>
internal static class Feeders
{
    private static readonly Dictionary<string, Backlog> Backlogs = [];
    private static readonly HashSet<string> Cancelled = [];
    private static volatile int _pending;

    /// <summary>Whether this process has items for the ring at <paramref name="path"/> waiting: a put then goes behind them.</summary>
    public static bool HasBacklog(string path)
    {
        if (_pending == 0)
        {
            return false;
        }

        lock (Backlogs)
        {
            return Backlogs.ContainsKey(path);
        }
    }

    /// <summary>Queues an item behind this process's others for the channel, and starts writing them; returns the backlog.</summary>
    public static Backlog Add(ChannelClient channel, Outgoing item)
    {
        ExitRules.Install(ExitWork.Feeders);
        Backlog? started = null;
        lock (Backlogs)
        {
            if (!Backlogs.TryGetValue(channel.Path, out var backlog))
            {
                // Its own client: the handle may be disposed while its items still travel, as CPython's close() allows.
                Backlogs[channel.Path] = started = backlog = new Backlog(channel.Share());
                _pending = Backlogs.Count;
            }

            // A backlog in the table is open: it closes only as it leaves it, under this lock.
            backlog.TryEnqueue(item);
            if (started is not null)
            {
                new Thread(() => Flush(started)) { IsBackground = true, Name = "actors-multiprocessing feeder" }.Start();
            }

            return backlog;
        }
    }

    /// <summary>CPython's join_thread: completes once everything this process put on the channel reached it.</summary>
    public static Task JoinAsync(ChannelClient channel)
    {
        lock (Backlogs)
        {
            return Backlogs.TryGetValue(channel.Path, out var backlog) ? backlog.Drained : Task.CompletedTask;
        }
    }

    /// <summary>CPython's cancel_join_thread: this process will not wait for the channel at exit.</summary>
    public static void CancelJoin(ChannelClient channel)
    {
        lock (Backlogs)
        {
            Cancelled.Add(channel.Path);
        }
    }

    /// <summary>
    /// At exit: what this process still holds for channels of other processes goes to their owners (see
    /// <see cref="ChannelClient.HandOff"/>), unless the handle said CancelJoinThread; a channel of this process
    /// ends with it.
    /// </summary>
    public static void JoinAll(TimeSpan bound)
    {
        List<Backlog> pending;
        lock (Backlogs)
        {
            pending = Backlogs.Values.Where(b => !Cancelled.Contains(b.Channel.Path) && !b.Channel.IsOwnedHere).ToList();
        }

        foreach (var backlog in pending)
        {
            backlog.Channel.HandOff(backlog, bound);
        }
    }

    private static void Flush(Backlog backlog)
    {
        while (true)
        {
            try
            {
                while (backlog.Channel.Feed(backlog) is (false, var waitOn))
                {
                    if (waitOn is { } observed)
                    {
                        backlog.Channel.WaitForRoom(observed);
                    }
                }
            }
            catch (Exception e) when (e is OwnerLostException or ObjectDisposedException)
            {
                // Nobody is left to read them.
                backlog.Drop();
            }

            lock (Backlogs)
            {
                if (backlog.CloseIfEmpty())
                {
                    Backlogs.Remove(backlog.Channel.Path);
                    _pending = Backlogs.Count;
                    backlog.Channel.Release();
                    backlog.Complete();
                    return;
                }
            }
        }
    }
}
