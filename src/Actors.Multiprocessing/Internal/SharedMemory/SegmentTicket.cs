namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// What a <see cref="SharedSegment"/> becomes on the wire: the file and owner to reach, the transfer the owner
/// holds the file for (<paramref name="Token"/>), and the process that serialized it.
/// </summary>
internal sealed record SegmentTicket(string Path, string Owner, string Kind, Guid Token, int Sender);
