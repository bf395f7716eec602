using Actors.Multiprocessing.Internal.Os;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// The actor that owns a segment's file in its creator's ActorSystem and counts who holds it: the processes
/// with a live handle (the creator first), and the handles serialized but not yet received. When none is
/// left it stops and the file goes; so it does when its system stops (a handed-in system shut down, or the
/// library's at exit). The memory itself is used directly by every process; the owner is not on any read or
/// write path, and a process that mapped the segment keeps it after the file is removed.
/// </summary>
internal sealed class SegmentOwner : ReceiveActor, IWithTimers
{
    // How soon a holder that died is noticed: the same cadence as the queues' check of their peers, and
    // nothing a user would tune (it only delays the removal of a file).
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly TimeSpan _transferHold;
    private readonly HashSet<int> _holders = [Environment.ProcessId];
    private readonly Dictionary<Guid, long> _inTransit = [];

    public SegmentOwner(string path, TimeSpan transferHold)
    {
        _path = path;
        _transferHold = transferHold;
        Receive<SegmentInTransit>(m =>
        {
            _inTransit[m.Token] = System.Diagnostics.Stopwatch.GetTimestamp();
            Watch();
        });
        Receive<SegmentHeld>(m =>
        {
            _inTransit.Remove(m.Token);
            _holders.Add(m.Pid);
            Watch();
        });
        Receive<SegmentReleased>(m =>
        {
            _holders.Remove(m.Pid);
            StopWhenFree();
        });
        Receive<CheckHolders>(_ => OnCheckHolders());
        Receive<HeldElsewhere>(_ => Sender.Tell(_inTransit.Count > 0 || !_holders.SetEquals([Environment.ProcessId])));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string path, TimeSpan transferHold) => Akka.Actor.Props.Create(() => new SegmentOwner(path, transferHold));

    protected override void PostStop() => Segment.Remove(_path);

    /// <summary>Drops holders that died and transfers never received within the hold (the receiver died, or the item was never taken).</summary>
    private void OnCheckHolders()
    {
        _holders.RemoveWhere(pid => !PidWatch.IsAlive(pid));
        foreach (var (token, _) in _inTransit.Where(t => System.Diagnostics.Stopwatch.GetElapsedTime(t.Value) > _transferHold).ToList())
        {
            _inTransit.Remove(token);
        }

        StopWhenFree();
    }

    /// <summary>Checks periodically while another process holds the segment or a handle is in transit.</summary>
    private void Watch()
    {
        if (!Timers.IsTimerActive(CheckHolders.Instance))
        {
            Timers.StartPeriodicTimer(CheckHolders.Instance, CheckHolders.Instance, CheckInterval);
        }
    }

    private void StopWhenFree()
    {
        if (_holders.Count == 0 && _inTransit.Count == 0)
        {
            Context.Stop(Self);
        }
        else if (_inTransit.Count == 0 && _holders.SetEquals([Environment.ProcessId]))
        {
            // Only the creator: it says itself when it lets go.
            Timers.Cancel(CheckHolders.Instance);
        }
    }

    /// <summary>Asks whether another process holds the segment, or a handle of it is in transit: answered a bool.</summary>
    public sealed class HeldElsewhere
    {
        public static readonly HeldElsewhere Instance = new();
    }

    private sealed class CheckHolders
    {
        public static readonly CheckHolders Instance = new();
    }
}
