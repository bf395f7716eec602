using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.SharedMemory;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// A handle's way to the items of one queue, or one direction of a pipe: a <see cref="Ring"/> in a shared
/// segment that every process of the family maps, so a put or a take touches memory only, under the ring's
/// robust lock, and a blocked call sleeps on a futex. It travels with its handle (the segment as a ticket).
/// The creating process's <see cref="ChannelActor"/> owns the ring: it hands back what dead takers held and
/// frees it. What a process could not put yet waits in its <see cref="Feeders"/>. A client that reached another
/// host (another shared-memory domain) never maps the ring: it calls the owner actor (<see cref="RemoteChannel"/>).
/// </summary>
internal sealed partial class ChannelClient
{
    private readonly SharedSegment _segment;

    [Hyperion.Ignore]
    private ProcessLock? _lock;

    [Hyperion.Ignore]
    private Task? _ownerExited;

    [Hyperion.Ignore]
    private string? _metricName;

    [Hyperion.Ignore]
    private RemoteChannel? _remote;

    [Hyperion.Ignore]
    private bool _located;

    private ChannelClient(SharedSegment segment, int ownerPid, string ownerActor, string description)
    {
        _segment = segment;
        OwnerPid = ownerPid;
        OwnerActor = ownerActor;
        Description = description;
    }

    public int OwnerPid { get; }

    /// <summary>The path of the owner's <see cref="ChannelActor"/>, with its system's address (resolved only when used).</summary>
    public string OwnerActor { get; }

    /// <summary>How messages name the channel, e.g. "ProcessQueue&lt;Int32&gt; of pid 42".</summary>
    public string Description { get; }

    /// <summary>How metrics tag the channel: its description and the start of its ring's unique name.</summary>
    public string MetricName => _metricName ??= $"{Description} ({System.IO.Path.GetFileName(Path)[^8..]})";

    /// <summary>The ring's file: the same in every process, the key of this process's backlog for it.</summary>
    public string Path => _segment.Path;

    /// <summary>Whether this process created the channel (a process of another host may have the same pid).</summary>
    public bool IsOwnedHere => OwnerPid == Pid && !_segment.IsElsewhere;

    private static int Pid { get; } = Environment.ProcessId;

    /// <summary>The owner's way to the channel when this process is on another host; null when it maps the ring.</summary>
    private RemoteChannel? Remote
    {
        get
        {
            if (!_located)
            {
                _remote = _segment.IsElsewhere ? new RemoteChannel(this) : null;
                _located = true;
            }

            return _remote;
        }
    }

    /// <summary>Whether the owner is known to have exited (a cheap check: the pid watch polls).</summary>
    private bool OwnerExited => (_ownerExited ??= PidWatch.Exited(OwnerPid)).IsCompleted;

    /// <summary>Creates a channel owned by this process; a <paramref name="capacity"/> of 0 is unbounded.</summary>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public static ChannelClient Create(int capacity, string kind)
    {
        var runtime = Runtime.Current;
        var dataSize = runtime.Settings.RingSize;
        var segment = SharedSegment.Create(Ring.DataOffset + dataSize, kind);
        using (segment.Enter())
        {
            Ring.Of(segment).Initialize(capacity, dataSize);
        }

        var description = $"{kind} of pid {Environment.ProcessId}";
        var owned = new ChannelClient(segment, Environment.ProcessId, string.Empty, description);
        var actor = runtime.System.ActorOf(ChannelActor.Props(owned));
        return new ChannelClient(segment.Share(), Environment.ProcessId, actor.Path.ToStringWithAddress(runtime.Address), description);
    }

    /// <summary>Another client of the channel in this process, released on its own (each pipe end, each backlog has one).</summary>
    public ChannelClient Share() => new(_segment.Share(), OwnerPid, OwnerActor, Description);

    /// <summary>Whether a peer is dead: a child of this process that exited is known at once, others are read from /proc.</summary>
    public static bool IsDead(int pid) => PidWatch.IsExitedChild(pid) || !PidWatch.IsAlive(pid);

    public OwnerLostException Lost() =>
        new(OwnerPid, $"The process that owns the {Description}, pid {OwnerPid}, has exited; what it held is gone. Keep the owner running while others use it, or create a new one.");

    /// <summary>Lets go of the ring through this client; the last client in the process unmaps it. Idempotent.</summary>
    public void Release() => _segment.Dispose();

    /// <summary>The exception for a channel its owner disposed (or that ended with its owner).</summary>
    public OwnerLostException GoneError() =>
        new(OwnerPid, $"The {Description} was disposed by its owner, pid {OwnerPid}, or its owner exited; create a new one.");

    /// <summary>Takes the ring's lock (from a dead holder too) until the scope is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The handle's ring was released in this process.</exception>
    /// <exception cref="OwnerLostException">The ring is gone (its owner exited before this process mapped it).</exception>
    private Locked Lock()
    {
        var use = _segment.Enter();
        try
        {
            var ring = Ring.Of(_segment);
            if (!ring.TryLock(Pid) && !ring.SpinLock(Pid))
            {
                (_lock ??= new ProcessLock(_segment, Ring.LockWord)).TryAcquire(null, CancellationToken.None);
                // Taken after a long wait, maybe over from a holder that died between its commit and its wake-ups:
                // sleepers look again (they would otherwise sleep on a word nobody bumps).
                ring.Bump(Ring.ItemsWord);
                ring.Bump(Ring.SpaceWord);
                ring.Bump(Ring.TasksWord);
            }

            // The last holder may have died between its commit and the write that goes with it.
            ring.ApplyPending();
            return new Locked(ring, use);
        }
        catch
        {
            use.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until <paramref name="word"/> differs from <paramref name="observed"/>, for at most
    /// <paramref name="left"/>, on this thread (<paramref name="sync"/>) or on the process's async-wait thread.
    /// </summary>
    /// <returns>False when the time ran out first.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="OwnerLostException">The owner died meanwhile.</exception>
    private ValueTask<bool> ChangedAsync(int word, int observed, TimeSpan? left, CancellationToken cancellationToken, bool sync)
    {
        nint address;
        using (_segment.Enter())
        {
            address = Ring.Of(_segment).Word(word);
        }

        if (sync && Ring.SpinUntilChanged(address, observed))
        {
            return new ValueTask<bool>(true);
        }

        Func<int, bool> changed = value => value != observed;
        // Before each sleep: a dead owner ends every wait on its channel, within the pid watch's interval (a
        // read of /proc before every sleep would slow down a fast exchange).
        Func<int, bool> ownerDied = _ => OwnerExited ? throw Lost() : false;
        return sync
            ? new ValueTask<bool>(SharedWait.Until(_segment, address, changed, left, cancellationToken, ownerDied))
            : new ValueTask<bool>(SharedWait.UntilAsync(_segment, address, changed, left, cancellationToken, ownerDied));
    }

    private void ThrowIfUnusable(in RingState state)
    {
        if (state.Has(RingFlags.Gone))
        {
            throw GoneError();
        }

        if (OwnerExited)
        {
            throw Lost();
        }
    }

    /// <summary>The ring, held under its lock until disposed.</summary>
    private readonly struct Locked(Ring ring, SharedSegment.Use use) : IDisposable
    {
        public Ring Ring => ring;

        /// <summary>Releases the lock, waking one process waiting for it.</summary>
        public void Dispose()
        {
            ring.Unlock();
            use.Dispose();
        }
    }
}
