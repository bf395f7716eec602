namespace Actors.Multiprocessing;

/// <summary>Nothing came out of the queue in time (CPython's queue.Empty): retry, or wait longer.</summary>
public sealed class QueueEmptyException : MultiprocessingException
{
    /// <summary>Creates the exception with a message that says how long the caller waited.</summary>
    public QueueEmptyException(string message)
        : base(message)
    {
    }
}
