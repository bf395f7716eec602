using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The library's meter, read as dotnet-counters and OpenTelemetry read it: with a MeterListener.</summary>
[Collection(ProcessCollection.Name)]
public sealed class MetricsSpecs : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, string Tags)> _measurements = new();

    public MetricsSpecs()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ProcessRuntime.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void A_pool_running_a_map_is_seen_in_its_tasks_workers_and_children()
    {
        using (var pool = new Pool(processes: 2))
        {
            var squares = pool.Map(x => PoolWork.Square(x), Enumerable.Range(0, 20), chunkSize: 1);
            Assert.Equal(20, squares.Count);
            Assert.Equal(2, Sum("actors.multiprocessing.pool.workers.alive"));
        }

        Assert.Equal(20, Sum("actors.multiprocessing.pool.tasks.submitted"));
        Assert.Equal(20, Sum("actors.multiprocessing.pool.tasks.completed"));
        Assert.Equal(0, Sum("actors.multiprocessing.pool.tasks.failed") + Sum("actors.multiprocessing.pool.tasks.lost"));
        Assert.True(Sum("actors.multiprocessing.children.started") >= 2, "the two workers were started as children");
    }

    [Fact]
    public void A_queue_shows_its_depth_and_the_items_moved_through_it()
    {
        // An item type of its own: queues of other specs, not yet collected, are in the depths too.
        using var queue = new ProcessQueue<MeteredItem>();
        for (var i = 0; i < 3; i++)
        {
            queue.Put(new MeteredItem(i));
        }

        _listener.RecordObservableInstruments();
        var depth = _measurements.Single(m => m.Instrument == "actors.multiprocessing.queue.depth" && m.Tags.Contains("ProcessQueue<MeteredItem>"));
        Assert.Equal(3, depth.Value);

        queue.Get();
        Assert.Equal(3, Sum("actors.multiprocessing.queue.items.put", depth.Tags));
        Assert.Equal(1, Sum("actors.multiprocessing.queue.items.taken", depth.Tags));
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        _measurements.Enqueue((instrument.Name, value, text));
    }

    private long Sum(string instrument, string? tags = null) =>
        _measurements.Where(m => m.Instrument == instrument && (tags is null || m.Tags == tags)).Sum(m => m.Value);
}

/// <summary>The item of the metered queue.</summary>
public sealed record MeteredItem(int Number);
