using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// Items an exiting process had not yet written into a ring, handed to the ring's owner, who writes them as
/// room appears: answered <see cref="HandedOff"/> once the owner holds them.
/// </summary>
internal sealed record HandOver(List<Outgoing> Items) : IWireMessage;

/// <summary>The owner holds the items of a <see cref="HandOver"/>.</summary>
internal sealed record HandedOff : IWireMessage;
