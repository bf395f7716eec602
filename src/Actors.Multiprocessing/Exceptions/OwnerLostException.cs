namespace Actors.Multiprocessing;

/// <summary>
/// The process that owns a queue, pipe or shared value has exited (or disposed it), so a call that was
/// waiting on it can never complete: what it held is gone. CPython hangs here instead.
/// </summary>
public sealed class OwnerLostException : MultiprocessingException
{
    /// <summary>Creates the exception naming the owner.</summary>
    /// <param name="ownerPid">The pid of the process that owned the object.</param>
    /// <param name="message">What was lost and what to do.</param>
    public OwnerLostException(int ownerPid, string message)
        : base(message)
    {
        OwnerPid = ownerPid;
    }

    /// <summary>The pid of the process that owned the queue, pipe or shared value.</summary>
    public int OwnerPid { get; }
}
