using System.Collections;
using System.Threading.Channels;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// A job whose results stream to the caller as chunks finish (Imap, ImapUnordered, ImapAsync): in item
/// order, or in the order they arrive. A failed chunk throws its exception from MoveNext where its items
/// would have been, and the next MoveNext goes on with the following items, as CPython's imap iterator does.
/// The results can be read once. Progress counts a failed chunk's items too, since the iteration goes past
/// them; the results end behind the last report, and reports stop once the reader is disposed, so none comes
/// after the iteration ended.
/// </summary>
internal sealed class StreamJob<TResult> : PoolJob
{
    private readonly Channel<Arrival> _arrivals = Channel.CreateUnbounded<Arrival>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly int _items;
    private readonly int _chunkSize;
    private readonly ProgressReporter? _progress;
    private readonly bool[] _arrived;
    private int _remaining;

    public StreamJob(int chunks, int items, int chunkSize, ProgressReporter? progress)
    {
        _remaining = chunks;
        _arrived = new bool[chunks];
        _items = items;
        _chunkSize = chunkSize;
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

    public override void Fail(int index, Exception error)
    {
        _progress?.Advance(Math.Min(_chunkSize, _items - (index * _chunkSize)), _items);
        Arrive(new Arrival(index, null, error));
    }

    public override void Abort(Exception error)
    {
        for (var index = 0; index < _arrived.Length; index++)
        {
            if (!_arrived[index])
            {
                Fail(index, error);
            }
        }
    }

    /// <summary>The results for <c>foreach</c>; MoveNext blocks until the next result is in.</summary>
    public IEnumerable<TResult> Read(bool ordered) => new Results(this, ordered, CancellationToken.None);

    /// <summary>The results for <c>await foreach</c>.</summary>
    public IAsyncEnumerable<TResult> ReadAsync(bool ordered, CancellationToken cancellationToken) => new Results(this, ordered, cancellationToken);

    private void Arrive(Arrival arrival)
    {
        _arrived[arrival.Index] = true;
        _arrivals.Writer.TryWrite(arrival);
        if (--_remaining == 0)
        {
            End();
        }
    }

    private void End()
    {
        if (_progress is null)
        {
            _arrivals.Writer.TryComplete();
        }
        else
        {
            _progress.AfterReports(() => _arrivals.Writer.TryComplete());
        }
    }

    private sealed record Arrival(int Index, TResult[]? Results, Exception? Error);

    /// <summary>Both enumerables and their enumerator: hand-written, so that an exception does not end it.</summary>
    private sealed class Results(StreamJob<TResult> job, bool ordered, CancellationToken cancellationToken)
        : IEnumerable<TResult>, IAsyncEnumerable<TResult>, IEnumerator<TResult>, IAsyncEnumerator<TResult>
    {
        private readonly Dictionary<int, Arrival> _early = [];
        private int _next;
        private TResult[] _chunk = [];
        private int _position;

        public TResult Current { get; private set; } = default!;

        object? IEnumerator.Current => Current;

        public IEnumerator<TResult> GetEnumerator() => this;

        IEnumerator IEnumerable.GetEnumerator() => this;

        public IAsyncEnumerator<TResult> GetAsyncEnumerator(CancellationToken token = default) =>
            token.CanBeCanceled ? new Results(job, ordered, token) : this;

        public async ValueTask<bool> MoveNextAsync()
        {
            while (_position == _chunk.Length)
            {
                if (await NextArrivalAsync().ConfigureAwait(false) is not { } arrival)
                {
                    return false;
                }

                _chunk = arrival.Results ?? [];
                _position = 0;
                if (arrival.Error is { } error)
                {
                    throw error;
                }
            }

            Current = _chunk[_position++];
            return true;
        }

        public bool MoveNext() => MoveNextAsync().AsTask().GetAwaiter().GetResult();

        public void Reset() => throw new NotSupportedException("The results of a pool call can be read once; keep them (ToList()) to read them again.");

        public void Dispose() => job._progress?.Stop();

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private async ValueTask<Arrival?> NextArrivalAsync()
        {
            while (true)
            {
                if (ordered && _early.Remove(_next, out var due))
                {
                    _next++;
                    return due;
                }

                if (!await job._arrivals.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var arrival = await job._arrivals.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (!ordered)
                {
                    return arrival;
                }

                _early[arrival.Index] = arrival;
            }
        }
    }
}
