using System.Diagnostics;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// How many warm hosts the recent starts call for (<see cref="WarmHosts"/>): the most starts seen within
/// <see cref="Window"/> since the last idle spell, between <c>warm-hosts</c> and <c>warm-hosts-max</c>, until no
/// child has started for <c>warm-hosts-idle</c>; then <c>warm-hosts</c> again. A burst of N starts keeps N
/// hosts; starts one after another keep as many as start while one host boots, which keeps the pipeline full
/// without booting hosts nobody takes (they would take the CPU from the children). Not thread-safe: the
/// caller locks.
/// </summary>
internal sealed class WarmDemand
{
    /// <summary>About the time a host takes to boot on a small machine (0.1-0.2 s of CPU), with some margin.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(300);

    private readonly Queue<long> _starts = new();
    private long _lastStart;
    private int _peak;

    /// <summary>Counts a start now.</summary>
    public void Started(MultiprocessingSettings settings)
    {
        var now = Stopwatch.GetTimestamp();
        if (IsIdle(settings, now))
        {
            _peak = 0;
        }

        _lastStart = now;
        _starts.Enqueue(now);
        while (_starts.Count > 0 && Stopwatch.GetElapsedTime(_starts.Peek(), now) > Window)
        {
            _starts.Dequeue();
        }

        _peak = Math.Max(_peak, _starts.Count);
    }

    /// <summary>How many hosts should wait now; 0 when <c>warm-hosts</c> is 0 (warm hosts are off).</summary>
    public int Wanted(MultiprocessingSettings settings)
    {
        if (settings.WarmHosts == 0 || _lastStart == 0)
        {
            return 0;
        }

        return IsIdle(settings, Stopwatch.GetTimestamp())
            ? settings.WarmHosts
            : Math.Clamp(_peak, settings.WarmHosts, Math.Max(settings.WarmHosts, settings.WarmHostsMax));
    }

    /// <summary>When <see cref="Wanted"/> next falls (the idle spell begins), or null if it does not.</summary>
    public TimeSpan? NextChange(MultiprocessingSettings settings)
    {
        var idleAfter = settings.WarmHostsIdle - Stopwatch.GetElapsedTime(_lastStart);
        return _lastStart == 0 || idleAfter <= TimeSpan.Zero ? null : idleAfter;
    }

    private bool IsIdle(MultiprocessingSettings settings, long now) =>
        _lastStart != 0 && Stopwatch.GetElapsedTime(_lastStart, now) >= settings.WarmHostsIdle;
}
