using Actors.Multiprocessing.Internal.Child;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// CPython's queue feeder threads, reduced to what they guarantee: items pushed by this process reach their
/// owner before this process exits (joined at exit, unless the handle said CancelJoinThread), so a producer
/// that exits right after Put loses nothing.
/// </summary>
internal static class Feeders
{
    private static readonly HashSet<ChannelClient> Unflushed = [];
    private static readonly HashSet<Akka.Actor.IActorRef> Cancelled = [];
    private static readonly HashSet<ChannelClient> Confirmations = [];

    public static void Pushed(ChannelClient channel)
    {
        ExitRules.Install();
        lock (Unflushed)
        {
            Unflushed.Add(channel);
        }
    }

    /// <summary>
    /// Notes that this process confirmed an item it took: the confirmation reaches the owner before this process
    /// exits, or the owner would hand the item out again. CancelJoinThread does not skip it (it may lose puts, never duplicate gets).
    /// </summary>
    public static void Confirmed(ChannelClient channel)
    {
        ExitRules.Install();
        lock (Unflushed)
        {
            Confirmations.Add(channel);
        }
    }

    /// <summary>CPython's join_thread: waits until everything pushed here reached the owner.</summary>
    public static async Task JoinAsync(ChannelClient channel)
    {
        await channel.FlushAsync().ConfigureAwait(false);
        lock (Unflushed)
        {
            Unflushed.Remove(channel);
        }
    }

    /// <summary>CPython's cancel_join_thread: this process will not wait for the channel at exit.</summary>
    public static void CancelJoin(ChannelClient channel)
    {
        lock (Unflushed)
        {
            Cancelled.Add(channel.Actor);
        }
    }

    /// <summary>At exit: waits for every channel this process pushed to (an owner that died is skipped).</summary>
    public static void JoinAll()
    {
        List<ChannelClient> pending;
        List<ChannelClient> confirmed;
        lock (Unflushed)
        {
            pending = Unflushed.Where(c => !Cancelled.Contains(c.Actor)).ToList();
            confirmed = Confirmations.Except(pending).ToList();
        }

        foreach (var channel in confirmed)
        {
            try
            {
                // Bounded: an owner whose system is gone but whose process lives would never answer.
                channel.FlushAsync().WaitAsync(Runtime.CurrentSettings.ExitFlushTimeout).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is OwnerLostException or TimeoutException)
            {
                // Nobody is left to hand the item out again, or nobody answers: exit anyway.
            }
        }

        foreach (var channel in pending)
        {
            try
            {
                JoinAsync(channel).GetAwaiter().GetResult();
            }
            catch (OwnerLostException)
            {
                // Nobody is left to receive those items.
            }
        }
    }
}
