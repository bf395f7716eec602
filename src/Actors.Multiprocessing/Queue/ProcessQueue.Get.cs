using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Channels;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing;

public partial class ProcessQueue<T>
{
    /// <summary>Removes and returns the first item, waiting as long as it takes for one.</summary>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    /// <exception cref="TransferException">On another host than the queue's: the first item is larger than a message between hosts carries (it stays in the queue).</exception>
    public T Get() => GetCoreAsync(block: true, timeout: null, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    /// <summary>Removes and returns the first item, waiting at most <paramref name="timeout"/> (null: as long as it takes; negative: as zero, as in CPython).</summary>
    /// <exception cref="QueueEmptyException">No item came within the timeout.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    /// <exception cref="TransferException">On another host than the queue's: the first item is larger than a message between hosts carries (it stays in the queue).</exception>
    public T Get(TimeSpan? timeout) => GetCoreAsync(block: true, timeout, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    /// <summary>Removes and returns the first item if there is one now (CPython's get_nowait).</summary>
    /// <exception cref="QueueEmptyException">The queue is empty.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    /// <exception cref="TransferException">On another host than the queue's: the first item is larger than a message between hosts carries (it stays in the queue).</exception>
    public T GetNowait() => GetCoreAsync(block: false, timeout: null, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    /// <summary>Removes and returns the first item, waiting until one comes or the token is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; no item was taken.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    /// <exception cref="TransferException">On another host than the queue's: the first item is larger than a message between hosts carries (it stays in the queue).</exception>
    public Task<T> GetAsync(CancellationToken cancellationToken = default) => GetAsync(null, cancellationToken);

    /// <summary>Removes and returns the first item, waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="QueueEmptyException">No item came within the timeout.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; no item was taken.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    /// <exception cref="TransferException">On another host than the queue's: the first item is larger than a message between hosts carries (it stays in the queue).</exception>
    public Task<T> GetAsync(TimeSpan? timeout, CancellationToken cancellationToken = default) =>
        GetCoreAsync(block: true, timeout, cancellationToken, sync: false).AsTask();

    private async ValueTask<T> GetCoreAsync(bool block, TimeSpan? timeout, CancellationToken cancellationToken, bool sync)
    {
        ThrowIfClosed();
        var (outcome, value) = await _channel.TakeAsync(ItemCodec.Decode<T>, block, timeout, cancellationToken, sync).ConfigureAwait(false);
        if (outcome == TakeOutcome.Item)
        {
            return value!;
        }

        throw new QueueEmptyException(block && timeout != TimeSpan.Zero
            ? $"Nothing came out of the {_channel.Description} within {Timeouts.Describe(Timeouts.Normalize(timeout))}; get again, or pass a longer timeout."
            : $"The {_channel.Description} is empty.");
    }
}
