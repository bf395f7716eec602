namespace Actors.Multiprocessing.Internal;

/// <summary>Marks the messages that cross between a parent and its children; always serialized by <see cref="Transfer"/>'s Hyperion.</summary>
internal interface IWireMessage;

/// <summary>A child host, up and connected, asks its supervisor for its target.</summary>
internal sealed record ChildReady(int Pid) : IWireMessage;

/// <summary>The supervisor hands the child its target, serialized in the parent by <see cref="Transfer"/>.</summary>
internal sealed record RunTarget(byte[] Payload) : IWireMessage;
