using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>
/// Waits until the library's gauge <c>actors.multiprocessing.warm_hosts.waiting</c> shows the warm hosts a
/// scenario's warm-up called for, so that the measured part finds them as a program that started children
/// before would (the hosts boot on spare CPU, so an idle CPU alone does not say they are there).
/// </summary>
internal static class WarmHostsReady
{
    private const string Gauge = "actors.multiprocessing.warm_hosts.waiting";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>How many hosts wait at least once a child has started (the warm-hosts setting of this run).</summary>
    public static int Configured { get; set; }

    /// <summary>Waits until <paramref name="count"/> hosts wait, for 10 s at most (then says so on stderr).</summary>
    public static void Wait(int count)
    {
        var waiting = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ProcessRuntime.MeterName && instrument.Name == Gauge)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => waiting = value);
        listener.Start();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            listener.RecordObservableInstruments();
            if (waiting >= count)
            {
                return;
            }

            if (waited.Elapsed > Patience)
            {
                Console.Error.WriteLine($"{waiting} warm hosts waited after {Patience.TotalSeconds} s, not {count}; measuring anyway.");
                return;
            }

            Thread.Sleep(20);
        }
    }
}
