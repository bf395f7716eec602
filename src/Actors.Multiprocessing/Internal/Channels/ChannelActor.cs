using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Actors.Multiprocessing.Internal.Metrics;
using Actors.Multiprocessing.Internal.SharedMemory;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// Owns one queue, or one direction of a pipe, in the process that created it: the control plane of its
/// ring. Every process puts and takes in the ring itself; this actor, on a timer, hands back the items that
/// dead takers were reading and forgets what dead putters had parked, and it takes over what exiting putters
/// could not write yet (<see cref="HandOver"/>). It stops once the channel is over: its owner disposed it,
/// both ends of a pipe direction are closed, or no handle is left in any process (dropped and collected).
/// It ends the channel when its system stops first: waiters everywhere then fail. The ring's file goes once
/// no process holds it. While it runs, the channel's depth is one of this process's metrics. Processes on other
/// hosts, which cannot map the ring, call it instead: it puts and gets for them (ChannelActor.Calls.cs).
/// </summary>
internal sealed partial class ChannelActor : ReceiveActor, IWithTimers
{
    private static readonly ConcurrentDictionary<ChannelActor, ChannelClient> Owned = new();
    private readonly ChannelClient _channel;

    public ChannelActor(ChannelClient channel)
    {
        _channel = channel;
        Receive<CheckPeers>(_ => OnCheckPeers());
        Receive<StillHeld>(_ => { });
        Receive<Dropped>(_ =>
        {
            // Dropped without Dispose everywhere (collected): freed as if disposed.
            if (Unreachable())
            {
                Context.Stop(Self);
            }
        });
        Receive<HandOver>(handOver =>
        {
            // Held in this process's backlog for the ring, as if put here.
            handOver.Items.ForEach(item => Feeders.Add(_channel, item));
            Sender.Tell(new HandedOff());
        });
        ReceiveCalls();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ChannelClient channel) => Akka.Actor.Props.Create(() => new ChannelActor(channel));

    /// <summary>The depth of every channel this process owns, for <see cref="LibraryMeter"/>.</summary>
    public static IEnumerable<Measurement<int>> Depths()
    {
        foreach (var channel in Owned.Values)
        {
            int depth;
            try
            {
                depth = channel.Count();
            }
            catch (Exception e) when (e is OwnerLostException or ObjectDisposedException)
            {
                continue;
            }

            yield return new Measurement<int>(depth, LibraryMeter.ChannelTag(channel.MetricName));
        }
    }

    protected override void PreStart()
    {
        Owned[this] = _channel;
        Timers.StartPeriodicTimer("peers", CheckPeers.Instance, Runtime.CurrentSettings.PeerCheckInterval);
    }

    protected override void PostStop()
    {
        Owned.TryRemove(this, out _);
        _calls.FailPending(_channel.GoneError());
        try
        {
            _channel.MarkGone();
        }
        catch (ObjectDisposedException)
        {
            // The owner's handle let go of the ring already.
        }

        _channel.Release();
    }

    private void OnCheckPeers()
    {
        Guarded(() => _calls.Expire(Runtime.CurrentSettings.RemoteLease));
        if (_channel.Recover(ChannelClient.IsDead))
        {
            Context.Stop(Self);
        }
        else if (Unreachable() && Segment.LocalOwner(_channel.Path) is { } owner)
        {
            // No handle is left in this process: if none is left anywhere either, nobody can use the channel.
            owner.Ask<bool>(SegmentOwner.HeldElsewhere.Instance, Runtime.CurrentSettings.PeerCheckInterval)
                .PipeTo(Self, success: held => held ? StillHeld.Instance : Dropped.Instance, failure: _ => StillHeld.Instance);
        }
    }

    /// <summary>Whether this actor's own client is the last handle of the ring in this process.</summary>
    private bool Unreachable() => SegmentTable.Users(_channel.Path) == 1;

    private sealed class StillHeld
    {
        public static readonly StillHeld Instance = new();
    }

    private sealed class Dropped
    {
        public static readonly Dropped Instance = new();
    }

    private sealed class CheckPeers
    {
        public static readonly CheckPeers Instance = new();
    }
}
