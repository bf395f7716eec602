using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Actors.Multiprocessing.Internal.Pool;

/// <summary>
/// A job whose results stream to the caller as chunks finish (Imap, ImapUnordered, ImapAsync): in item
/// order, or in the order they arrive. A failed chunk throws its exception where its items would have been.
/// </summary>
internal sealed class StreamJob<TResult> : PoolJob
{
    private readonly Channel<Arrival> _arrivals = Channel.CreateUnbounded<Arrival>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly int _items;
    private readonly ProgressReporter? _progress;
    private int _remaining;

    public StreamJob(int chunks, int items, ProgressReporter? progress)
    {
        _remaining = chunks;
        _items = items;
        _progress = progress;
        if (chunks == 0)
        {
            _arrivals.Writer.TryComplete();
        }
    }

    public override void Complete(int index, byte[] results)
    {
        var chunk = ChunkCodec.Decode<TResult>(results);
        _progress?.Advance(chunk.Length, _items);
        Arrive(new Arrival(index, chunk, null));
    }

    public override void Fail(int index, Exception error) => Arrive(new Arrival(index, null, error));

    public async IAsyncEnumerable<TResult> ReadAsync(bool ordered, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var early = new Dictionary<int, Arrival>();
        var next = 0;
        await foreach (var arrival in _arrivals.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!ordered)
            {
                foreach (var item in Items(arrival))
                {
                    yield return item;
                }

                continue;
            }

            early[arrival.Index] = arrival;
            while (early.Remove(next, out var due))
            {
                next++;
                foreach (var item in Items(due))
                {
                    yield return item;
                }
            }
        }
    }

    private static TResult[] Items(Arrival arrival) =>
        arrival.Error is { } error ? throw error : arrival.Results!;

    private void Arrive(Arrival arrival)
    {
        _arrivals.Writer.TryWrite(arrival);
        if (--_remaining == 0)
        {
            _arrivals.Writer.TryComplete();
        }
    }

    private sealed record Arrival(int Index, TResult[]? Results, Exception? Error);
}
