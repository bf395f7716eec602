namespace Actors.Multiprocessing;

/// <summary>The barrier was aborted, reset, timed out or its action failed while waiting (CPython's BrokenBarrierError).</summary>
public sealed class BrokenBarrierException : MultiprocessingException
{
    /// <summary>Creates the exception with what broke the barrier.</summary>
    public BrokenBarrierException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
