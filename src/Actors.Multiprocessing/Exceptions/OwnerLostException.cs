namespace Actors.Multiprocessing;

/// <summary>
/// The process that owns a queue or pipe has exited (or disposed it), so a call that was waiting on it can
/// never complete: what it held is gone. CPython hangs here instead.
/// </summary>
public sealed class OwnerLostException : MultiprocessingException
{
    /// <summary>Creates the exception naming the owner.</summary>
    public OwnerLostException(string message)
        : base(message)
    {
    }
}
