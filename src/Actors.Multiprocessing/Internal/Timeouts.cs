namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The one rule every blocking call of the library applies to its timeout, CPython's: a negative timeout is
/// zero (try once, do not wait), null waits forever, and a timeout too long to count (over ~24.8 days, the
/// most a CancellationTokenSource or a futex slice counts) is as good as forever.
/// </summary>
internal static class Timeouts
{
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    /// <summary>The timeout to wait for: zero for a negative one, null for none or one too long to count.</summary>
    public static TimeSpan? Normalize(TimeSpan? timeout) => timeout switch
    {
        null => null,
        { } t when t < TimeSpan.Zero => TimeSpan.Zero,
        { } t when t > Longest => null,
        { } t => t,
    };

    /// <summary>How a message names a timeout: as a person writes it ("0.2 s"), not as <c>00:00:00.2000000</c>.</summary>
    public static string Describe(TimeSpan? timeout) => timeout switch
    {
        null => "no limit",
        { TotalSeconds: < 1 } t => $"{t.TotalMilliseconds:0.###} ms",
        { TotalMinutes: < 2 } t => $"{t.TotalSeconds:0.###} s",
        { } t => $"{t.TotalMinutes:0.#} min",
    };
}
