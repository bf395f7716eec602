namespace Examples.RemoteManager;

/// <summary>The shared queue's interface: what a client's proxy implements.</summary>
public interface IJobQueue
{
    void Put(string item);

    /// <summary>The oldest item, or null when the queue is empty.</summary>
    string? Get();
}

/// <summary>The one queue, in the manager process; each call runs there, one at a time.</summary>
public sealed class JobQueue : IJobQueue
{
    private readonly Queue<string> _items = new();

    public void Put(string item) => _items.Enqueue(item);

    public string? Get() => _items.TryDequeue(out var item) ? item : null;
}
