using Actors.Multiprocessing.Internal.Channels;

namespace Actors.Multiprocessing;

/// <summary>
/// A FIFO queue shared by processes (CPython's <c>multiprocessing.Queue</c>). Its items live in shared memory
/// owned by the process that created it; any process that receives the queue (as a Process argument, or
/// inside an item) reaches the same queue, and a put or a get touches memory only. Items are transferred as
/// bytes (Hyperion for anything but the common primitives); what cannot be fails in Put.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
public partial class ProcessQueue<T> : IDisposable
{
    private readonly ChannelClient _channel;
    private readonly int? _maxSize;
    private bool _closed;
    private bool _disposed;

    /// <summary>Creates a queue; a <paramref name="maxSize"/> of 0 or less means unbounded, as in CPython.</summary>
    public ProcessQueue(int maxSize = 0)
        : this(maxSize, kind: null)
    {
    }

    /// <summary>Creates a queue that messages call <paramref name="kind"/> (its class's name when null).</summary>
    internal ProcessQueue(int maxSize, string? kind)
    {
        _maxSize = maxSize > 0 ? maxSize : null;
        _channel = ChannelClient.Create(_maxSize ?? 0, $"{kind ?? GetType().Name.Split('`')[0]}<{typeof(T).Name}>");
    }

    /// <summary>The capacity of a bounded queue; null when unbounded.</summary>
    public int? MaxSize => _maxSize;

    /// <summary>The number of items, approximate as in CPython: others may put or get meanwhile.</summary>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public int Count => _channel.Count();

    /// <summary>Whether the queue has no items; approximate, as in CPython.</summary>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public bool IsEmpty => Count == 0;

    /// <summary>Whether a bounded queue is at capacity; approximate, as in CPython. Never true when unbounded.</summary>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public bool IsFull => _maxSize is { } max && Count >= max;

    internal ChannelClient Channel => _channel;

    /// <summary>Indicates that this process will put no more items; Put and Get on this handle then throw <see cref="ObjectDisposedException"/>.</summary>
    public void Close() => _closed = true;

    /// <summary>Waits until every item this process put has reached the queue (CPython's join_thread).</summary>
    /// <exception cref="InvalidOperationException">The queue was not closed first, as in CPython.</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void JoinThread() => JoinThreadAsync().GetAwaiter().GetResult();

    /// <summary>Completes once every item this process put has reached the queue (CPython's join_thread).</summary>
    /// <exception cref="InvalidOperationException">The queue was not closed first, as in CPython.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first; the items still travel.</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public Task JoinThreadAsync(CancellationToken cancellationToken = default)
    {
        if (!_closed)
        {
            throw new InvalidOperationException($"JoinThread() on the {_channel.Description} can only be called after Close(), as in CPython; call Close() first.");
        }

        return Feeders.JoinAsync(_channel).WaitAsync(cancellationToken);
    }

    /// <summary>Lets this process exit without waiting for its items to reach the queue (CPython's cancel_join_thread).</summary>
    public void CancelJoinThread() => Feeders.CancelJoin(_channel);

    /// <summary>
    /// Closes this handle and lets go of the queue's memory here (what this process put still reaches the
    /// queue). In the process that created the queue it also disposes the queue itself: its items are dropped
    /// and calls waiting on it anywhere fail with <see cref="OwnerLostException"/>.
    /// </summary>
    public void Dispose()
    {
        Close();
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_channel.IsOwnedHere)
        {
            _channel.MarkGone();
        }

        _channel.Release();
    }

    /// <summary>Describes the queue, e.g. <c>ProcessQueue&lt;Int32&gt; of pid 42</c>.</summary>
    public override string ToString() => _channel.Description;

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            // One exception for a closed queue and a closed connection (CPython: ValueError and OSError).
            throw new ObjectDisposedException(
                _channel.Description,
                $"The {_channel.Description} was closed in this process; it takes no more Put or Get here. Close or dispose a queue only after this process's last Put and Get.");
        }
    }
}
