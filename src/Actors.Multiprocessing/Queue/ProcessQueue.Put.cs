using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Channels;
using Actors.Multiprocessing.Internal.Os;

namespace Actors.Multiprocessing;

public partial class ProcessQueue<T>
{
    /// <summary>Puts an item, waiting for room as long as it takes when the queue is bounded and full.</summary>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void Put(T item) => PutAsync(item, timeout: null).GetAwaiter().GetResult();

    /// <summary>Puts an item, waiting at most <paramref name="timeout"/> for room (null: as long as it takes; negative: as zero, as in CPython).</summary>
    /// <exception cref="QueueFullException">The queue stayed full for the whole timeout.</exception>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void Put(T item, TimeSpan? timeout) => PutAsync(item, timeout).GetAwaiter().GetResult();

    /// <summary>Puts an item only if there is room now (CPython's put_nowait).</summary>
    /// <exception cref="QueueFullException">The queue is full.</exception>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void PutNowait(T item) => PutCoreAsync(item, block: false, timeout: null, CancellationToken.None).GetAwaiter().GetResult();

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
        PutCoreAsync(item, block: true, timeout, cancellationToken);

    private async Task PutCoreAsync(T item, bool block, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        // CPython's rule: a negative timeout is zero, a try that does not wait.
        timeout = Timeouts.Normalize(timeout);
        block &= timeout != TimeSpan.Zero;
        var bytes = _channel.Pack(item, "The item");
        if (_maxSize is null)
        {
            // Unbounded: never waits (CPython hands the item to its feeder thread); flushed before exit.
            if (!PidWatch.IsAlive(_channel.OwnerPid))
            {
                throw _channel.Lost();
            }

            _channel.Push(bytes);
            return;
        }

        var id = Guid.NewGuid();
        var answer = await _channel.CallAsync(id, new Offer(id, bytes, Environment.ProcessId, block), timeout, cancellationToken).ConfigureAwait(false);
        if (answer is Full)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new QueueFullException(block
                ? $"The {_channel.Description} stayed full (maxSize {_maxSize}) for {Timeouts.Describe(timeout)}."
                : $"The {_channel.Description} is full (maxSize {_maxSize}).");
        }
    }
}
