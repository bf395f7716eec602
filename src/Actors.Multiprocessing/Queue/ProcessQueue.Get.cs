using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Channels;

namespace Actors.Multiprocessing;

public partial class ProcessQueue<T>
{
    /// <summary>Removes and returns the first item, waiting as long as it takes for one.</summary>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public T Get() => GetAsync(timeout: null).GetAwaiter().GetResult();

    /// <summary>Removes and returns the first item, waiting at most <paramref name="timeout"/> (null: as long as it takes; negative: as zero, as in CPython).</summary>
    /// <exception cref="QueueEmptyException">No item came within the timeout.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public T Get(TimeSpan? timeout) => GetAsync(timeout).GetAwaiter().GetResult();

    /// <summary>Removes and returns the first item if there is one now (CPython's get_nowait).</summary>
    /// <exception cref="QueueEmptyException">The queue is empty.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public T GetNowait() => GetCoreAsync(block: false, timeout: null, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Removes and returns the first item, waiting until one comes or the token is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; no item was taken.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public Task<T> GetAsync(CancellationToken cancellationToken = default) => GetAsync(null, cancellationToken);

    /// <summary>Removes and returns the first item, waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="QueueEmptyException">No item came within the timeout.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; no item was taken.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public Task<T> GetAsync(TimeSpan? timeout, CancellationToken cancellationToken = default) =>
        GetCoreAsync(block: true, timeout, cancellationToken);

    private async Task<T> GetCoreAsync(bool block, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        // CPython's rule: a negative timeout is zero, a try that does not wait.
        timeout = Timeouts.Normalize(timeout);
        block &= timeout != TimeSpan.Zero;
        var id = Guid.NewGuid();
        var answer = await _channel.CallAsync(id, new Take(id, Environment.ProcessId, block), timeout, cancellationToken, abandoned: new Empty()).ConfigureAwait(false);
        if (answer is Item item)
        {
            // Read it before confirming: an item this process cannot read goes back to the queue when it exits.
            var value = _channel.Unpack<T>(item.Payload);
            _channel.Confirm(id);
            return value;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new QueueEmptyException(block
            ? $"Nothing came out of the {_channel.Description} within {Timeouts.Describe(timeout)}."
            : $"The {_channel.Description} is empty.");
    }
}
