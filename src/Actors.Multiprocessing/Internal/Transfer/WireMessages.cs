namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>Marks the messages that cross between a parent and its children; always serialized by <see cref="TransferSerializer"/>.</summary>
internal interface IWireMessage;

/// <summary>A child host, its ActorSystem up, reports to its supervisor before it runs its target.</summary>
internal sealed record ChildReady(int Pid) : IWireMessage;

/// <summary>An event of a child's Akka log, for its parent's log (see <see cref="Logging.ParentLogger"/>).</summary>
internal sealed record ChildLog(Akka.Event.LogLevel Level, string Source, string Message, string? Cause) : IWireMessage;
