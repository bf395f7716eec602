using Hyperion;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// Hyperion's surrogate for segments: a segment travels as a <see cref="SegmentTicket"/> (see
/// <see cref="SegmentTransfer"/>), never as its mapping; registered with the one codec that carries values
/// between processes (<see cref="Transfer.TransferCodec"/>).
/// </summary>
internal sealed class SegmentSurrogate : Surrogate<SharedSegment, SegmentTicket>
{
    public SegmentSurrogate()
        : base(SegmentTransfer.ToTicket, SharedSegment.Receive)
    {
    }
}
