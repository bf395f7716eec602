namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// What a <see cref="SharedSegment"/> becomes on the wire: the file and owner to reach, the shared-memory
/// <paramref name="Domain"/> the file lives in (<see cref="MemoryDomain"/>), the transfer the owner holds the file
/// for (<paramref name="Token"/>), and the process that serialized it (<see cref="SegmentTransfer.ThisProcess"/>:
/// pids of two hosts can be equal). <paramref name="Launched"/> when it went in a child's target: the launcher
/// tells the owner that the child holds it, so the child has nothing to tell (and need not wait for its
/// ActorSystem to say it at exit).
/// </summary>
internal sealed record SegmentTicket(string Path, string Owner, string Kind, string Domain, Guid Token, long Sender, bool Launched = false);
