using System.Diagnostics.Metrics;

namespace Actors.Multiprocessing.Internal.Metrics;

/// <summary>
/// The library's <see cref="Meter"/> (<see cref="ProcessRuntime.MeterName"/>): what dotnet-counters and
/// OpenTelemetry read with no code of the user's. Each process reports what it does itself: the parent its
/// children, pools and the queues it owns; a child the items it moves.
/// </summary>
internal static class LibraryMeter
{
    private static readonly Meter Meter = new(ProcessRuntime.MeterName, typeof(LibraryMeter).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> ChildrenStarted = Meter.CreateCounter<long>(
        "actors.multiprocessing.children.started", "{process}", "Child processes started.");

    private static readonly Counter<long> ChildrenExited = Meter.CreateCounter<long>(
        "actors.multiprocessing.children.exited", "{process}", "Child processes exited, tagged exit = ok, error (a code > 0) or signal.");

    private static readonly Counter<long> TasksSubmitted = Meter.CreateCounter<long>(
        "actors.multiprocessing.pool.tasks.submitted", "{task}", "Pool tasks submitted (a chunk of a map is one task).");

    private static readonly Counter<long> TasksCompleted = Meter.CreateCounter<long>(
        "actors.multiprocessing.pool.tasks.completed", "{task}", "Pool tasks that returned.");

    private static readonly Counter<long> TasksFailed = Meter.CreateCounter<long>(
        "actors.multiprocessing.pool.tasks.failed", "{task}", "Pool tasks that threw, or could not run (pool broken or terminated).");

    private static readonly Counter<long> TasksLost = Meter.CreateCounter<long>(
        "actors.multiprocessing.pool.tasks.lost", "{task}", "Pool tasks whose worker died while it ran them.");

    private static readonly UpDownCounter<long> WorkersAlive = Meter.CreateUpDownCounter<long>(
        "actors.multiprocessing.pool.workers.alive", "{process}", "Pool worker processes running.");

    private static readonly Counter<long> WorkersReplaced = Meter.CreateCounter<long>(
        "actors.multiprocessing.pool.workers.replaced", "{process}", "Pool workers that died by surprise and were replaced.");

    private static readonly Counter<long> ItemsPut = Meter.CreateCounter<long>(
        "actors.multiprocessing.queue.items.put", "{item}", "Items put into a queue or sent into a pipe by this process, tagged with the channel.");

    private static readonly ObservableGauge<int> WarmHostsWaiting = Meter.CreateObservableGauge(
        "actors.multiprocessing.warm_hosts.waiting", () => Child.WarmHosts.Waiting, "{process}", "Warm hosts started and waiting for a child.");

    private static readonly ObservableGauge<int> QueueDepth = Meter.CreateObservableGauge(
        "actors.multiprocessing.queue.depth", Channels.ChannelActor.Depths, "{item}",
        "Items in each queue or pipe direction this process owns, tagged with the channel.");

    private static readonly Counter<long> ItemsTaken = Meter.CreateCounter<long>(
        "actors.multiprocessing.queue.items.taken", "{item}", "Items taken from a queue or received from a pipe by this process, tagged with the channel.");

    public static void ChildStarted() => ChildrenStarted.Add(1);

    public static void ChildExited(int exitCode) =>
        ChildrenExited.Add(1, new KeyValuePair<string, object?>("exit", exitCode switch { 0 => "ok", > 0 => "error", _ => "signal" }));

    public static void Submitted(string pool, int tasks) => TasksSubmitted.Add(tasks, PoolTag(pool));

    /// <summary>A task's end: completed (no error), lost (its worker died) or failed.</summary>
    public static void Finished(string pool, Exception? error) =>
        (error switch { null => TasksCompleted, WorkerLostException => TasksLost, _ => TasksFailed }).Add(1, PoolTag(pool));

    public static void WorkerStarted(string pool) => WorkersAlive.Add(1, PoolTag(pool));

    public static void WorkerExited(string pool, bool replaced)
    {
        WorkersAlive.Add(-1, PoolTag(pool));
        if (replaced)
        {
            WorkersReplaced.Add(1, PoolTag(pool));
        }
    }

    public static void Put(string channel) => ItemsPut.Add(1, ChannelTag(channel));

    public static void Taken(string channel) => ItemsTaken.Add(1, ChannelTag(channel));

    public static KeyValuePair<string, object?> ChannelTag(string channel) => new("channel", channel);

    private static KeyValuePair<string, object?> PoolTag(string pool) => new("pool", pool);
}
