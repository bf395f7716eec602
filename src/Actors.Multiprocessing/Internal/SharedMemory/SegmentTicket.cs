namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// What a <see cref="SharedSegment"/> becomes on the wire: the file and owner to reach, the transfer the owner
/// holds the file for (<paramref name="Token"/>), and the process that serialized it. <paramref name="Launched"/>
/// when it went in a child's target: the launcher tells the owner that the child holds it, so the child has
/// nothing to tell (and need not wait for its ActorSystem to say it at exit).
/// </summary>
internal sealed record SegmentTicket(string Path, string Owner, string Kind, Guid Token, int Sender, bool Launched = false);
