namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// A handle's reference to its segment in this process: a value and its embedded lock share one. It joins
/// the process's <see cref="SegmentTable"/> when created, received from another process, or first used, and
/// leaves it when disposed or collected; its finalizer only counts down, it never touches the memory.
/// It travels as a <see cref="SegmentTicket"/> (see <see cref="SegmentTransfer"/>); a serializer without that
/// surrogate (an actor message through the system's own Hyperion) copies only its names, and the copy joins on
/// first use, with no transfer hold. A handle that reaches another shared-memory domain (<see cref="MemoryDomain"/>:
/// another host) holds the segment there by lease and is never mapped: its first use throws
/// <see cref="OtherHostException"/> (a queue's or pipe's goes through its owner actor and never maps it).
/// </summary>
internal sealed unsafe class SharedSegment : IDisposable
{
    // Hyperion's own attribute: it ignores [NonSerialized] in the build Akka uses.
    [Hyperion.Ignore]
    private SegmentTable.Entry? _entry;

    [Hyperion.Ignore]
    private int _disposed;

    // Calls using the mapping now (Enter), times two, plus one once disposed: the mapping is let go when the
    // handle is disposed and no call uses it, as SafeHandle's reference count does (a Dispose on another
    // thread must not unmap the memory a call is about to touch).
    [Hyperion.Ignore]
    private int _uses;

    private SharedSegment(string path, string owner, string kind, string domain)
    {
        Path = path;
        Owner = owner;
        Kind = kind;
        Domain = domain;
    }

    ~SharedSegment() => LeaveIfJoined();

    /// <summary>The segment's file.</summary>
    public string Path { get; }

    /// <summary>The path of the segment's <see cref="SegmentOwner"/>, with its system's address.</summary>
    public string Owner { get; }

    /// <summary>The public type that uses the segment, named by ObjectDisposedException.</summary>
    public string Kind { get; }

    /// <summary>The shared-memory domain the segment's file lives in.</summary>
    public string Domain { get; }

    /// <summary>Whether the segment lives on another host than this process: it can be held here, never mapped.</summary>
    public bool IsElsewhere => !MemoryDomain.IsHere(Domain);

    /// <summary>The segment's first byte in this process, mapped on first use.</summary>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="OwnerLostException">The segment is gone.</exception>
    /// <exception cref="SharedMemoryException">No file descriptor was left to open it.</exception>
    /// <exception cref="OtherHostException">The segment lives on another host.</exception>
    public byte* Pointer
    {
        get
        {
            try
            {
                var entry = Volatile.Read(ref _entry);
                if (entry is null || Volatile.Read(ref _disposed) != 0)
                {
                    entry = Join(Guid.Empty);
                }

                var pointer = entry.Pointer;
                return pointer != null ? pointer : Map(entry);
            }
            catch (OwnerLostException) when (Volatile.Read(ref _disposed) != 0)
            {
                // Disposed on another thread meanwhile, and the file went with the last holder: the handle's
                // own state is the truth here.
                throw Disposed();
            }
        }
    }

    /// <summary>Creates a zero-filled segment of <paramref name="size"/> bytes owned by this process.</summary>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public static SharedSegment Create(long size, string kind)
    {
        var (path, owner, view) = Segment.Create(size);
        var segment = new SharedSegment(path, owner, kind, MemoryDomain.Current);
        segment._entry = SegmentTable.Join(path, owner, Guid.Empty, elsewhere: null, view);
        return segment;
    }

    /// <summary>
    /// The handle a ticket stands for. One serialized by another process holds the segment from now on
    /// (settling the transfer); one serialized here (a check, or a queue item coming back) joins when used.
    /// </summary>
    public static SharedSegment Receive(SegmentTicket ticket)
    {
        var segment = new SharedSegment(ticket.Path, ticket.Owner, ticket.Kind, ticket.Domain);
        if (ticket.Sender != SegmentTransfer.ThisProcess)
        {
            // A ticket of this process's own target was settled by its launcher, which told the owner already.
            segment.Join(ticket.Token, quiet: ticket.Launched);
        }

        return segment;
    }

    /// <summary>
    /// Another handle of the same segment in this process, holding it from now on and let go on its own (the
    /// mapping is shared): for holders with lifetimes of their own, such as the two ends of a pipe.
    /// </summary>
    /// <exception cref="ObjectDisposedException">This handle was disposed.</exception>
    public SharedSegment Share()
    {
        var shared = new SharedSegment(Path, Owner, Kind, Domain);
        shared.Join(Guid.Empty);
        return shared;
    }

    /// <summary>
    /// Keeps this process's mapping while a wait on it is pending: a handle disposed or collected meanwhile
    /// then unmaps nothing under the waiting thread (its use after Dispose still throws).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    public Pinned Pin()
    {
        _ = Pointer;
        return new Pinned(SegmentTable.Join(Path, Owner, Guid.Empty, elsewhere: null));
    }

    /// <summary>
    /// Marks a call that touches the memory: until the returned scope is disposed, a Dispose of the handle on
    /// another thread unmaps nothing (the call's pointers stay valid; its next Enter throws).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    public Use Enter()
    {
        if ((Interlocked.Add(ref _uses, 2) & 1) != 0)
        {
            Exit();
            throw Disposed();
        }

        return new Use(this);
    }

    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    public void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw Disposed();
        }
    }

    /// <summary>The exception for a use after Dispose, naming the handle by <see cref="Kind"/>.</summary>
    private ObjectDisposedException Disposed() =>
        new(Kind, $"This {Kind} was disposed in this process; dispose it only after its last use here (other processes keep their own handles).");

    /// <summary>Lets go of the segment in this process: the last handle here unmaps it. Idempotent and thread-safe.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            GC.SuppressFinalize(this);
            if (Interlocked.Or(ref _uses, 1) == 0)
            {
                LeaveIfJoined();
            }
        }
    }

    /// <summary>A call ended; the last one after a Dispose lets the mapping go.</summary>
    private void Exit()
    {
        if (Interlocked.Add(ref _uses, -2) == 1)
        {
            LeaveIfJoined();
        }
    }

    private SegmentTable.Entry Join(Guid token, bool quiet = false)
    {
        ThrowIfDisposed();
        var joined = SegmentTable.Join(Path, Owner, token, IsElsewhere ? MemoryDomain.Current : null, quiet: quiet);
        var entry = Interlocked.CompareExchange(ref _entry, joined, null);
        if (entry is not null)
        {
            // Another thread joined first: one join per handle.
            SegmentTable.Leave(joined);
            return entry;
        }

        // Disposed meanwhile, after its Dispose found nothing to leave.
        if (Volatile.Read(ref _disposed) != 0)
        {
            LeaveIfJoined();
            ThrowIfDisposed();
        }

        return joined;
    }

    /// <summary>Maps the segment of <paramref name="entry"/> here, unless it lives on another host.</summary>
    private byte* Map(SegmentTable.Entry entry) => entry.Elsewhere is null
        ? SegmentTable.Map(entry)
        : throw new OtherHostException(
            Domain,
            entry.Elsewhere,
            $"This {Kind} lives in the shared memory of another host (domain {Domain}); this process, pid {Environment.ProcessId}, is in domain {entry.Elsewhere} " +
            "and cannot map it: shared memory reaches only the processes of one host. Share across hosts with a ProcessQueue or a Pipe (their handles " +
            "work on any host that reaches the process that created them, such as the cluster node that runs the pool), or a remote Manager " +
            "(new Manager(address, authKey, certificate) on an address the hosts reach, Manager.Connect there); keep values, arrays and locks to one host.");

    private void LeaveIfJoined()
    {
        if (Interlocked.Exchange(ref _entry, null) is { } entry)
        {
            SegmentTable.Leave(entry);
        }
    }

    /// <summary>A call in progress on the handle (<see cref="Enter"/>); Dispose ends it.</summary>
    public readonly struct Use(SharedSegment segment) : IDisposable
    {
        /// <summary>Ends the call.</summary>
        public void Dispose() => segment.Exit();
    }

    /// <summary>A mapping kept for a pending wait; Dispose lets it go.</summary>
    public readonly struct Pinned(SegmentTable.Entry entry) : IDisposable
    {
        /// <summary>Lets the mapping go (the last user here unmaps it).</summary>
        public void Dispose() => SegmentTable.Leave(entry);
    }
}
