using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Channels;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing;

public partial class ProcessQueue<T>
{
    /// <summary>Puts an item, waiting for room as long as it takes when the queue is bounded and full.</summary>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void Put(T item) => PutCore(item, block: true, timeout: null, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    /// <summary>Puts an item, waiting at most <paramref name="timeout"/> for room (null: as long as it takes; negative: as zero, as in CPython).</summary>
    /// <exception cref="QueueFullException">The queue stayed full for the whole timeout.</exception>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void Put(T item, TimeSpan? timeout) => PutCore(item, block: true, timeout, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    /// <summary>Puts an item only if there is room now (CPython's put_nowait).</summary>
    /// <exception cref="QueueFullException">The queue is full.</exception>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void PutNowait(T item) => PutCore(item, block: false, timeout: null, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    /// <summary>Puts an item, waiting for room until the token is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; the item was not put.</exception>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public Task PutAsync(T item, CancellationToken cancellationToken = default) => PutAsync(item, null, cancellationToken);

    /// <summary>Puts an item, waiting at most <paramref name="timeout"/> for room.</summary>
    /// <exception cref="QueueFullException">The queue stayed full for the whole timeout.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the item was not put.</exception>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public Task PutAsync(T item, TimeSpan? timeout, CancellationToken cancellationToken = default) =>
        PutCore(item, block: true, timeout, cancellationToken, sync: false).AsTask();

    private ValueTask PutCore(T item, bool block, TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        ThrowIfClosed();
        // CPython's rule: a negative timeout is zero, a try that does not wait.
        timeout = Timeouts.Normalize(timeout);
        var put = _channel.PutAsync(ItemCodec.Encode(item, "The item"), backlog: true, block && timeout != TimeSpan.Zero, timeout, cancellationToken, sync);
        return put.IsCompletedSuccessfully ? (put.Result ? ValueTask.CompletedTask : throw Full(block, timeout)) : AwaitPut(put, block, timeout, cancellationToken);
    }

    private async ValueTask AwaitPut(ValueTask<bool> put, bool block, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (!await put.ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Full(block, timeout);
        }
    }

    private QueueFullException Full(bool block, TimeSpan? timeout) => new(block && timeout != TimeSpan.Zero
        ? $"The {_channel.Description} stayed full (maxSize {_maxSize}) for {Timeouts.Describe(timeout)}; the item was not put. Put it again, pass a longer timeout, or create the queue with a larger maxSize."
        : $"The {_channel.Description} is full (maxSize {_maxSize}).");
}
