namespace Actors.Multiprocessing;

/// <summary>A semaphore that refuses to be released above its initial value (CPython's <c>BoundedSemaphore</c>).</summary>
public sealed class ProcessBoundedSemaphore : ProcessSemaphore
{
    private readonly int _bound;

    /// <summary>Creates a bounded semaphore with <paramref name="value"/> permits, also its maximum.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public ProcessBoundedSemaphore(int value = 1)
        : base(value)
    {
        _bound = value;
    }

    private protected override int Bound => _bound;
}
