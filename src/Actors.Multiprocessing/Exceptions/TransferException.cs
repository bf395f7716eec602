namespace Actors.Multiprocessing;

/// <summary>
/// A target, or one of its arguments, cannot be sent to a child process. Raised in the parent by
/// <see cref="Process.Start"/>, before any child exists (CPython raises its pickling error there too).
/// </summary>
public sealed class TransferException : MultiprocessingException
{
    /// <summary>Creates the exception for the named part of the target.</summary>
    public TransferException(string part, string message, Exception? innerException = null)
        : base($"{part} cannot be transferred to a child process: {message}", innerException)
    {
        Part = part;
    }

    /// <summary>The part of the target that failed, for example "argument 'data' (#1) of Work.Run".</summary>
    public string Part { get; }
}
