namespace Actors.Multiprocessing;

/// <summary>
/// A target, one of its arguments, or an item cannot be sent to another process. Raised in the sender, by
/// <see cref="Process.Start"/> before any child exists (CPython raises its pickling error there too), and by
/// Put and Send before anything is queued (CPython fails later, in its feeder thread).
/// </summary>
public sealed class TransferException : MultiprocessingException
{
    /// <summary>Creates the exception for the named part of the target.</summary>
    public TransferException(string part, string message, Exception? innerException = null)
        : base($"{part} cannot be transferred to another process: {message}", innerException)
    {
        Part = part;
    }

    /// <summary>The part of the target that failed, for example "Argument 'data' (#1) of Work.Run".</summary>
    public string Part { get; }
}
