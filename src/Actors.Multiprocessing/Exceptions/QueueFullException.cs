namespace Actors.Multiprocessing;

/// <summary>A bounded queue stayed full for the whole wait (CPython's queue.Full): the item was not put.</summary>
public sealed class QueueFullException : MultiprocessingException
{
    /// <summary>Creates the exception with a message that says how long the caller waited.</summary>
    public QueueFullException(string message)
        : base(message)
    {
    }
}
