using Actors.Multiprocessing.Internal.Os;
using Akka.Event;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// Child hosts started ahead of need (CPython's forkserver idea): each has its prelude, so it has loaded the
/// runtime and the library, and compiled the path a target takes, while it waited. <see cref="Process.Start"/> hands its target to one, which runs it
/// at once under its own real pid. A host inherits the environment and working directory of the moment it
/// was started, and exits by itself when this process exits (its stdin closes).
/// How many wait follows demand (<see cref="WarmDemand"/>): at least <c>warm-hosts</c> once a child has
/// started, as many as the most starts seen within a host's boot time (0.3 s) up to <c>warm-hosts-max</c>, and the ones above
/// <c>warm-hosts</c> retire after <c>warm-hosts-idle</c> without a start. Replacements start once a burst of
/// starts is over, one per <see cref="Pace"/> for every two cores (a host's boot takes about 0.1 s of CPU),
/// and only while the CPU has half a core to spare (<see cref="CpuGauge"/>; held back 5 s at most), so that
/// they boot after the children that just started, not in their way; except one at a time while starts are
/// finding no host (children started one after another, each on the host booted after the last).
/// </summary>
internal static class WarmHosts
{
    /// <summary>How long after a start the hosts are topped up: a burst's starts come closer together than this.</summary>
    private static readonly TimeSpan BurstGap = TimeSpan.FromMilliseconds(20);

    /// <summary>How often hosts start while some are missing: about the CPU time a host takes to boot.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    /// <summary>How many hosts start per <see cref="Pace"/>: half the cores, so the other half stays with the children.</summary>
    private static readonly int StartsPerPace = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How long after a start that found no host one host boots whatever the CPU does: about a host's boot.</summary>
    private static readonly TimeSpan Starved = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// How long a host is held back while the CPU is busy, at most: longer than 50 children take to boot here
    /// (a burst's children come first; the hosts it calls for serve the next burst).
    /// </summary>
    private static readonly TimeSpan LongestHold = TimeSpan.FromSeconds(5);

    private static readonly object Gate = new();
    private static readonly CpuGauge Cpu = new();
    private static readonly Queue<ChildProcess> Ready = new();
    private static readonly WarmDemand Demand = new();
    private static readonly Timer Tender = new(_ => Tend(), null, Timeout.Infinite, Timeout.Infinite);
    private static Runtime? _owner;
    private static int _starting;
    private static long _heldSince;
    private static long _lastMiss;

    /// <summary>The hosts started and waiting for a child (a metric).</summary>
    public static int Waiting
    {
        get
        {
            lock (Gate)
            {
                return Ready.Count;
            }
        }
    }

    /// <summary>
    /// Gives the bootstrap to a host ready for <paramref name="runtime"/>'s children and returns it, or null
    /// when none is (a host that died meanwhile is passed over); either way the hosts are topped up soon.
    /// </summary>
    public static ChildProcess? Assign(Runtime runtime, ChildBootstrap bootstrap)
    {
        ChildProcess? host;
        while ((host = Take(runtime)) is not null && !host.Assign(bootstrap))
        {
            Failed(runtime, host);
        }

        return host;
    }

    private static ChildProcess? Take(Runtime runtime)
    {
        lock (Gate)
        {
            if (_owner != runtime)
            {
                // A new runtime (a handed-in system, another certificate): the hosts prepared for the old one go.
                Retire(keep: 0);
                _owner = runtime;
            }

            Demand.Started(runtime.Settings);
            Tender.Change(BurstGap, Timeout.InfiniteTimeSpan);
            while (Ready.TryDequeue(out var candidate))
            {
                if (!candidate.HasExited)
                {
                    return candidate;
                }

                Failed(runtime, candidate);
            }

            _lastMiss = Stopwatch.GetTimestamp();
            return null;
        }
    }

    /// <summary>Starts the hosts that demand wants and are missing, retires the ones it no longer wants, and plans the next look.</summary>
    private static void Tend()
    {
        lock (Gate)
        {
            if (_owner is not { } runtime)
            {
                return;
            }

            var wanted = Demand.Wanted(runtime.Settings);
            Retire(keep: wanted);
            var missing = wanted - Ready.Count - _starting;
            var boots = missing <= 0 ? 0 : BootsNow();
            if (missing <= 0)
            {
                _heldSince = 0;
            }
            else if (boots == 0)
            {
                Tender.Change(Pace, Timeout.InfiniteTimeSpan);
                return;
            }

            for (var i = 0; i < Math.Min(missing, boots); i++)
            {
                _starting++;
                _ = Task.Run(() => StartOne(runtime));
            }

            if (missing > boots)
            {
                Tender.Change(Pace, Timeout.InfiniteTimeSpan);
            }
            else if (Demand.NextChange(runtime.Settings) is { } next)
            {
                Tender.Change(next, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// How many hosts may boot now (<see cref="StartsPerPace"/> or fewer): one when a start found no host lately
    /// and none waits or boots (the program starts children one after another faster than hosts boot, so
    /// booting the next one is its own work; only one, because a burst's children boot cold and more hosts
    /// booting beside them would only slow them down); all when the CPU had half a core to spare lately, or
    /// when they have been held back for <see cref="LongestHold"/> (a machine that stays busy still gets its
    /// hosts). Under <see cref="Gate"/>.
    /// </summary>
    private static int BootsNow()
    {
        if (Cpu.HadSpareCore() is true)
        {
            _heldSince = 0;
            return StartsPerPace;
        }

        if (_lastMiss != 0 && Stopwatch.GetElapsedTime(_lastMiss) < Starved && Ready.Count + _starting == 0)
        {
            return 1;
        }

        var now = Stopwatch.GetTimestamp();
        if (_heldSince == 0)
        {
            _heldSince = now;
        }

        if (Stopwatch.GetElapsedTime(_heldSince, now) < LongestHold)
        {
            return 0;
        }

        _heldSince = 0;
        return StartsPerPace;
    }

    private static void StartOne(Runtime runtime)
    {
        ChildProcess? host = null;
        try
        {
            host = ChildProcess.Spawn(runtime);
        }
        catch (Exception e)
        {
            // Children still start, each on a host of its own; the next tending tries again.
            runtime.System.Log.Warning(e, "A warm host could not be started: {0}", e.Message);
        }
        finally
        {
            lock (Gate)
            {
                _starting--;
                if (host is not null && _owner == runtime)
                {
                    Ready.Enqueue(host);
                }
                else
                {
                    host?.Abandon();
                }
            }
        }
    }

    /// <summary>A host died while it waited: the child it would have run starts on another one.</summary>
    private static void Failed(Runtime runtime, ChildProcess host)
    {
        runtime.System.Log.Warning(
            "A warm host (pid {0}) died before it was given a child (exit code {1}); the child starts on another host. Its stderr says why.",
            host.Pid, host.ExitCode?.ToString() ?? "unknown");
        host.Abandon();
    }

    /// <summary>Ends the hosts beyond <paramref name="keep"/>, the longest waiting first (under <see cref="Gate"/>).</summary>
    private static void Retire(int keep)
    {
        while (Ready.Count > keep && Ready.TryDequeue(out var host))
        {
            host.Abandon();
        }
    }
}
