using Actors.Multiprocessing.Internal.Channels;

namespace Actors.Multiprocessing;

/// <summary>Creates pipes between processes (CPython's <c>multiprocessing.Pipe</c>).</summary>
public static class Pipe
{
    /// <summary>
    /// Creates a pipe. Duplex (the default): both ends send and receive. One-way: the first end only
    /// receives and the second only sends, as CPython's <c>Pipe(duplex=False)</c> returns (reader, writer).
    /// </summary>
    /// <typeparam name="T">The type of the objects sent with Send and Recv.</typeparam>
    public static (Connection<T> First, Connection<T> Second) Create<T>(bool duplex = true)
    {
        var kind = $"Pipe<{typeof(T).Name}>";
        // Each end has its own client of each ring, so that closing one end lets go of its memory only.
        var toSecond = ChannelClient.Create(capacity: 0, kind);
        if (!duplex)
        {
            return (new Connection<T>(inbox: toSecond, outbox: null), new Connection<T>(inbox: null, outbox: toSecond.Share()));
        }

        var toFirst = ChannelClient.Create(capacity: 0, kind);
        return (new Connection<T>(inbox: toFirst, outbox: toSecond), new Connection<T>(inbox: toSecond.Share(), outbox: toFirst.Share()));
    }
}
