using System.Diagnostics;

namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The one rule for a caller's timeout, CPython's: null waits as long as it takes, a negative timeout is zero
/// (try once, do not wait), and a timeout too long for a timer (TimeSpan.MaxValue, anything over about 24.8
/// days) has no limit instead of throwing. Every public call that takes a timeout passes it through
/// <see cref="Normalize"/> first, so no TimeSpan arithmetic or BCL timer downstream can overflow or throw.
/// </summary>
internal static class Timeouts
{
    /// <summary>The longest timeout the BCL's timers accept (int.MaxValue milliseconds, about 24.8 days).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>The timeout by the rule: null for no limit, otherwise between zero and <see cref="Longest"/>.</summary>
    public static TimeSpan? Normalize(TimeSpan? timeout) => timeout switch
    {
        null => null,
        var t when t < TimeSpan.Zero => TimeSpan.Zero,
        var t when t > Longest => null,
        _ => timeout,
    };

    /// <summary>
    /// What is left of a normalized <paramref name="timeout"/> begun at the <see cref="Stopwatch"/> timestamp
    /// <paramref name="started"/> (a monotonic clock: a change of the wall clock neither ends nor stretches a wait);
    /// null when there is no limit, zero or less when it elapsed.
    /// </summary>
    public static TimeSpan? Left(TimeSpan? timeout, long started) => timeout - Stopwatch.GetElapsedTime(started);

    /// <summary>How a message names a timeout: as a person writes it ("200 ms", "1.5 s"), not as <c>00:00:00.2000000</c>.</summary>
    public static string Describe(TimeSpan? timeout) => timeout switch
    {
        null => "no limit",
        { TotalSeconds: < 1 } t => $"{t.TotalMilliseconds:0.###} ms",
        { TotalMinutes: < 2 } t => $"{t.TotalSeconds:0.###} s",
        { } t => $"{t.TotalMinutes:0.#} min",
    };
}
