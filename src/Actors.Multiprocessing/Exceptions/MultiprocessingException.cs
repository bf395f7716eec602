namespace Actors.Multiprocessing;

/// <summary>The base of every exception this library defines.</summary>
public abstract class MultiprocessingException : Exception
{
    /// <summary>Creates the exception with a message that says what went wrong and what to do.</summary>
    protected MultiprocessingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
