using Actors.Multiprocessing.Internal.Os;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// Owns one queue, or one direction of a pipe, in the process that created it: the control plane of its
/// ring. Every process puts and takes in the ring itself; this actor, on a timer, hands back the items that
/// dead takers were reading and forgets what dead putters had parked, it takes over what exiting putters
/// could not write yet (<see cref="HandOver"/>), and it stops once the channel is over (its
/// owner disposed it, or both ends of a pipe direction are closed), and ends it when its system stops first:
/// waiters everywhere then fail, and the ring's file goes once no process holds it.
/// </summary>
internal sealed class ChannelActor : ReceiveActor, IWithTimers
{
    private readonly ChannelClient _channel;

    public ChannelActor(ChannelClient channel)
    {
        _channel = channel;
        Receive<CheckPeers>(_ => OnCheckPeers());
        Receive<HandOver>(handOver =>
        {
            // Held in this process's backlog for the ring, as if put here.
            handOver.Items.ForEach(item => Feeders.Add(_channel, item));
            Sender.Tell(new HandedOff());
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ChannelClient channel) => Akka.Actor.Props.Create(() => new ChannelActor(channel));

    protected override void PreStart() => Timers.StartPeriodicTimer("peers", CheckPeers.Instance, Runtime.CurrentSettings.PeerCheckInterval);

    protected override void PostStop()
    {
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
        // A child of this process that exited is known at once; others are read from /proc.
        if (_channel.Recover(pid => PidWatch.IsExitedChild(pid) || !PidWatch.IsAlive(pid)))
        {
            Context.Stop(Self);
        }
    }

    private sealed class CheckPeers
    {
        public static readonly CheckPeers Instance = new();
    }
}
