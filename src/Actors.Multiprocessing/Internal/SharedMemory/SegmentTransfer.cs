namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// The transfer race: a handle serialized into a Process target, pool task or queue item may be opened by
/// its receiver after every process that held it let go. So each serialization counts as a hold at the
/// owner (<see cref="SegmentInTransit"/>) until the receiver, on deserializing it, holds the segment itself
/// (<see cref="SegmentHeld"/> with the same token), or until the transfer hold (settings) elapses for a
/// receiver that never came: a child that died first, an item never taken. This was chosen over keeping the
/// file while the children started with it live because handles also travel through queues and pools, whose
/// receivers the sender does not know; CPython's resource sharer likewise keeps a handle until the child
/// picks it up.
/// </summary>
internal static class SegmentTransfer
{
    /// <summary>This process among every process of every host, in the tickets it writes (a pid is not).</summary>
    public static readonly long ThisProcess = Random.Shared.NextInt64();

    // Within one serialization, a segment shared by a value and its lock is written once, so that the receiver
    // gets them sharing one again (Hyperion tracks the ticket, not the segment it stands for).
    [ThreadStatic]
    private static Dictionary<SharedSegment, SegmentTicket>? _written;

    [ThreadStatic]
    private static bool _writing;

    // The tickets written for a child's target on this thread, settled by the launcher once the child is known.
    [ThreadStatic]
    private static List<SegmentTicket>? _launching;

    /// <summary>Collects the tickets written on this thread, for a child's target, until disposed.</summary>
    public static Launch Launching()
    {
        _launching = [];
        return new Launch(_launching);
    }

    /// <summary>Marks one serialization on this thread until disposed.</summary>
    public static Scope Writing()
    {
        var scope = new Scope(_writing, _written);
        _writing = true;
        _written = null;
        return scope;
    }

    /// <summary>The ticket a segment travels as; posts the transfer to its owner, once per serialization.</summary>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    public static SegmentTicket ToTicket(SharedSegment segment)
    {
        segment.ThrowIfDisposed();
        if (_written?.TryGetValue(segment, out var written) == true)
        {
            return written;
        }

        var ticket = new SegmentTicket(segment.Path, segment.Owner, segment.Kind, segment.Domain, Guid.NewGuid(), ThisProcess, _launching is not null);
        OwnerMail.Post(segment.Path, segment.Owner, new SegmentInTransit(ticket.Token));
        _launching?.Add(ticket);
        if (_writing)
        {
            (_written ??= [])[segment] = ticket;
        }

        return ticket;
    }

    /// <summary>The tickets of one child's target: <see cref="Settle"/> tells their owners that the child holds them.</summary>
    public readonly struct Launch(List<SegmentTicket> tickets) : IDisposable
    {
        /// <summary>Tells each ticket's owner that process <paramref name="pid"/> holds its segment (settling the transfer).</summary>
        public void Settle(int pid)
        {
            foreach (var ticket in tickets)
            {
                OwnerMail.Post(ticket.Path, ticket.Owner, new SegmentHeld(pid, ticket.Token, MemoryDomain.IsHere(ticket.Domain) ? null : MemoryDomain.Current));
            }
        }

        /// <summary>Ends the collection on this thread.</summary>
        public void Dispose() => _launching = null;
    }

    /// <summary>Restores the serialization that was under way on this thread, if any.</summary>
    public readonly struct Scope(bool outerWriting, Dictionary<SharedSegment, SegmentTicket>? outerWritten) : IDisposable
    {
        /// <summary>Ends this serialization.</summary>
        public void Dispose()
        {
            _writing = outerWriting;
            _written = outerWritten;
        }
    }
}
