using Akka.Actor;

namespace Actors.Multiprocessing.Internal.SharedMemory;

/// <summary>
/// The actor that owns a segment in its creator's ActorSystem: when that system stops (a handed-in system
/// shut down, or the library's at exit), the segment's file goes with it. The memory itself is used
/// directly by every process; the owner is not on any read or write path.
/// </summary>
internal sealed class SegmentOwner : ReceiveActor
{
    private readonly string _path;

    public SegmentOwner(string path) => _path = path;

    public static Props Props(string path) => Akka.Actor.Props.Create(() => new SegmentOwner(path));

    protected override void PostStop() => Segment.Remove(_path);
}
