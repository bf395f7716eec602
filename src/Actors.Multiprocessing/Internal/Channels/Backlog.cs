namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// What this process put on one channel that the ring had no room for yet, in order: CPython's feeder-thread
/// buffer. <see cref="Feeders"/> creates one when a put finds no room and drops it once flushed.
/// </summary>
internal sealed class Backlog(ChannelClient channel)
{
    private readonly Queue<Outgoing> _items = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChannelClient Channel { get; } = channel;

    /// <summary>Completes once everything in the backlog reached the ring, or was dropped with a closed ring.</summary>
    public Task Drained => _drained.Task;

    private bool _closed;

    /// <summary>Whether items can still be added (it was not flushed and dropped from <see cref="Feeders"/>).</summary>
    public bool IsOpen => !Volatile.Read(ref _closed);

    /// <summary>Adds an item behind the others; false once the backlog was flushed and closed.</summary>
    public bool TryEnqueue(Outgoing item)
    {
        lock (_items)
        {
            if (_closed)
            {
                return false;
            }

            _items.Enqueue(item);
            return true;
        }
    }

    /// <summary>Closes the backlog if it is empty, so that nothing is added to it after its feeder ended.</summary>
    public bool CloseIfEmpty()
    {
        lock (_items)
        {
            _closed = _items.Count == 0;
            return _closed;
        }
    }

    /// <summary>The first item, or null when the backlog is empty.</summary>
    public Outgoing? Peek()
    {
        lock (_items)
        {
            return _items.TryPeek(out var item) ? item : null;
        }
    }

    public void Dequeue()
    {
        lock (_items)
        {
            _items.Dequeue();
        }
    }

    /// <summary>Takes everything out (to hand it to the owner); called under the ring's lock, so no feeder lands any of it meanwhile.</summary>
    public List<Outgoing> TakeAll()
    {
        lock (_items)
        {
            var all = _items.ToList();
            _items.Clear();
            return all;
        }
    }

    /// <summary>Drops everything: nobody will read it (the ring is gone, or its reader closed).</summary>
    public void Drop()
    {
        lock (_items)
        {
            foreach (var item in _items)
            {
                item.Discard();
            }

            _items.Clear();
        }
    }

    /// <summary>Says that the backlog is flushed: called once it is empty and out of <see cref="Feeders"/>.</summary>
    public void Complete() => _drained.TrySetResult();
}
