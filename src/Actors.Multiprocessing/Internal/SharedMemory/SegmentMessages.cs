using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>A handle of the segment was serialized: hold the file until its receiver says <see cref="SegmentHeld"/>.</summary>
internal sealed record SegmentInTransit(Guid Token) : IWireMessage;

/// <summary>
/// Process <paramref name="Pid"/> holds the segment (it received a handle, carried by <paramref name="Token"/>,
/// or uses one again); <see cref="Guid.Empty"/> when no transfer is to be settled. <paramref name="Elsewhere"/> is
/// the holder's shared-memory domain when it is not the segment's (another host): such a holder is known by its
/// domain and pid, and holds by a lease it renews with this message.
/// </summary>
internal sealed record SegmentHeld(int Pid, Guid Token, string? Elsewhere = null) : IWireMessage;

/// <summary>Process <paramref name="Pid"/> (of <paramref name="Elsewhere"/>, see <see cref="SegmentHeld"/>) disposed or dropped every handle of the segment it had.</summary>
internal sealed record SegmentReleased(int Pid, string? Elsewhere = null) : IWireMessage;

/// <summary>Asks a family system's mailroom to answer once it has handled what the asker told it before.</summary>
internal sealed record FlushMail : IWireMessage;

/// <summary>The answer to <see cref="FlushMail"/>.</summary>
internal sealed record MailFlushed : IWireMessage;
