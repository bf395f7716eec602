namespace Actors.Multiprocessing;

/// <summary>An unbounded queue with only Put, Get, IsEmpty and Close (CPython's <c>multiprocessing.SimpleQueue</c>).</summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class SimpleQueue<T> : IDisposable
{
    private readonly ProcessQueue<T> _queue = new(maxSize: 0, kind: "SimpleQueue");

    /// <summary>Whether the queue has no items; approximate.</summary>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public bool IsEmpty => _queue.IsEmpty;

    /// <summary>Puts an item.</summary>
    /// <exception cref="TransferException">The item cannot be transferred; the queue is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    public void Put(T item) => _queue.Put(item);

    /// <summary>Removes and returns the first item, waiting as long as it takes.</summary>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public T Get() => _queue.Get();

    /// <summary>Removes and returns the first item, waiting until one comes or the token is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; no item was taken.</exception>
    /// <exception cref="ObjectDisposedException">This handle was closed (Close or Dispose).</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public Task<T> GetAsync(CancellationToken cancellationToken = default) => _queue.GetAsync(cancellationToken);

    /// <summary>Closes this handle: Put and Get on it then throw.</summary>
    public void Close() => _queue.Close();

    /// <summary>Closes this handle; in the creating process, also disposes the queue.</summary>
    public void Dispose() => _queue.Dispose();
}
