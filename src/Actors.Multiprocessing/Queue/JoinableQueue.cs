using Actors.Multiprocessing.Internal.Channels;

namespace Actors.Multiprocessing;

/// <summary>
/// A <see cref="ProcessQueue{T}"/> whose consumers say when each item is done, so that producers can wait
/// for all of them (CPython's <c>multiprocessing.JoinableQueue</c>).
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class JoinableQueue<T> : ProcessQueue<T>
{
    /// <summary>Creates a queue; a <paramref name="maxSize"/> of 0 or less means unbounded.</summary>
    public JoinableQueue(int maxSize = 0)
        : base(maxSize)
    {
    }

    /// <summary>Says that one item taken with Get is done.</summary>
    /// <exception cref="InvalidOperationException">Called more often than items were put.</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void TaskDone()
    {
        if (!Channel.TaskDone())
        {
            throw new InvalidOperationException($"TaskDone() called too many times on the {Channel.Description}: call it once for each item taken with Get.");
        }
    }

    /// <summary>Blocks until every item put has been marked done with <see cref="TaskDone"/>.</summary>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public void Join() => JoinAsync().GetAwaiter().GetResult();

    /// <summary>Completes once every item put has been marked done with <see cref="TaskDone"/>.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="OwnerLostException">The process that owns the queue has exited.</exception>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        // What this process put must be in the queue before the count can say "all done".
        await Feeders.JoinAsync(Channel).WaitAsync(cancellationToken).ConfigureAwait(false);
        await Channel.JoinTasksAsync(cancellationToken).ConfigureAwait(false);
    }
}
