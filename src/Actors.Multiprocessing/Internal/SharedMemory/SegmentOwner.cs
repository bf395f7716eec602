using Actors.Multiprocessing.Internal.Os;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// The actor that owns a segment's file in its creator's ActorSystem and counts who holds it: the processes
/// with a live handle (the creator first), and the handles serialized but not yet received. When none is
/// left it stops and the file goes; so it does when its system stops (a handed-in system shut down, or the
/// library's at exit). The memory itself is used directly by every process; the owner is not on any read or
/// write path, and a process that mapped the segment keeps it after the file is removed. A holder on another
/// host (another shared-memory domain) is known by its domain and pid, and holds by a lease it renews: this
/// host's OS cannot say whether it still runs.
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
    private readonly Dictionary<(string Domain, int Pid), long> _remoteHolders = [];
    private readonly TimeSpan _remoteLease;

    public SegmentOwner(string path, TimeSpan transferHold, TimeSpan remoteLease)
    {
        _path = path;
        _transferHold = transferHold;
        _remoteLease = remoteLease;
        Receive<SegmentInTransit>(m =>
        {
            _inTransit[m.Token] = System.Diagnostics.Stopwatch.GetTimestamp();
            Watch();
        });
        Receive<SegmentHeld>(m =>
        {
            _inTransit.Remove(m.Token);
            if (m.Elsewhere is { } domain)
            {
                _remoteHolders[(domain, m.Pid)] = System.Diagnostics.Stopwatch.GetTimestamp();
            }
            else
            {
                _holders.Add(m.Pid);
            }

            Watch();
        });
        Receive<SegmentReleased>(m =>
        {
            if (m.Elsewhere is { } domain)
            {
                _remoteHolders.Remove((domain, m.Pid));
            }
            else
            {
                _holders.Remove(m.Pid);
            }

            StopWhenFree();
        });
        Receive<CheckHolders>(_ => OnCheckHolders());
        Receive<HeldElsewhere>(_ => Sender.Tell(!OnlyCreator));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string path, TimeSpan transferHold, TimeSpan remoteLease) =>
        Akka.Actor.Props.Create(() => new SegmentOwner(path, transferHold, remoteLease));

    /// <summary>Whether the creator is the only holder, and nothing is in transit.</summary>
    private bool OnlyCreator => _inTransit.Count == 0 && _remoteHolders.Count == 0 && _holders.SetEquals([Environment.ProcessId]);

    protected override void PostStop() => Segment.Remove(_path);

    /// <summary>
    /// Drops holders that died (here: as the OS says; elsewhere: their lease ran out) and transfers never received
    /// within the hold (the receiver died, or the item was never taken).
    /// </summary>
    private void OnCheckHolders()
    {
        _holders.RemoveWhere(pid => !PidWatch.IsAlive(pid));
        foreach (var (holder, _) in _remoteHolders.Where(h => System.Diagnostics.Stopwatch.GetElapsedTime(h.Value) > _remoteLease).ToList())
        {
            _remoteHolders.Remove(holder);
        }

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
        if (_holders.Count == 0 && _inTransit.Count == 0 && _remoteHolders.Count == 0)
        {
            Context.Stop(Self);
        }
        else if (OnlyCreator)
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
