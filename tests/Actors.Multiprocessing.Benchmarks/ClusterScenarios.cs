using Actors.Multiprocessing.Testing;
using System.Diagnostics;
using System.Globalization;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>
/// Cluster pools (issue 16) across examples/cluster-pool processes on 127.0.0.1, one worker process per node.
/// The driver is the example's map command too: this process cannot be a cluster node, its library runtime is
/// the plain family root of the other scenarios.
/// </summary>
internal static class ClusterScenarios
{
    private const string Lost = "was lost (its node became unreachable)";

    /// <summary>The cluster runs mutual TLS on its certificate whatever --no-tls says (that sets this process's family only).</summary>
    private static readonly (string, object) ClusterTls = ("tls", true);

    /// <summary>
    /// A map of 20,000 tasks of 0 ms, one ApplyAsync per item, all submitted and then awaited in order, timed by
    /// the driver (map --timed) once every worker has answered a warm-up task, so without the join and the
    /// workers' start: items per second on 1, then 2, then 3 nodes. The cores stay 2: more nodes add processes
    /// and hops, not capacity.
    /// </summary>
    public static void PoolMap(EmitLine emit)
    {
        const int items = 20_000;
        using var fleet = new ClusterFleet();
        for (var nodes = 1; nodes <= 3; nodes++)
        {
            fleet.StartNode();
            using var map = fleet.StartMap("--items", $"{items}", "--nodes", $"{nodes}", "--timed");
            if (!CompletedCorrectly(map, items))
            {
                throw new InvalidOperationException($"The map on {nodes} node(s) did not complete with every result correct:\n{map.Output}");
            }

            var seconds = map.WaitForLine(line => line.StartsWith("map_seconds=", StringComparison.Ordinal)).Text.Split('=')[1];
            emit($"cluster_pool_map_{nodes}", items / double.Parse(seconds, CultureInfo.InvariantCulture), "items/s", ClusterTls);
        }
    }

    /// <summary>
    /// Three nodes and a map of 1,000 tasks of 20 ms with --retry (and --timed, whose warm-up has every node's
    /// worker busy before the kill); at done=100 the last node, not the seed, is SIGKILLed. Seconds from the kill
    /// until the driver logs that node's worker lost (the pool has counted it and goes on with the others), and
    /// whether the map then completed with every result correct.
    /// </summary>
    public static void NodeLoss(EmitLine emit)
    {
        const int items = 1_000;
        using var fleet = new ClusterFleet();
        fleet.StartNode();
        fleet.StartNode();
        var doomed = fleet.StartNode();
        using var map = fleet.StartMap("--items", $"{items}", "--task-ms", "20", "--nodes", "3", "--retry", "--timed");
        map.WaitForLine(line => line.StartsWith("done=100 ", StringComparison.Ordinal));

        var killed = Stopwatch.GetTimestamp();
        doomed.Kill();
        var lost = map.WaitForLine(line => line.Contains(Lost, StringComparison.Ordinal));

        var correct = CompletedCorrectly(map, items);
        emit("cluster_node_loss", Stopwatch.GetElapsedTime(killed, lost.At).TotalSeconds, "s", ClusterTls, ("correct", correct));
    }

    /// <summary>Whether the map exited 0 with a summary of every item's square and none failed.</summary>
    private static bool CompletedCorrectly(ExampleProcess map, int items)
    {
        var sum = Enumerable.Range(0, items).Sum(x => (long)x * x);
        return map.Exit() == 0
            && map.Lines.LastOrDefault(line => line.StartsWith("items=", StringComparison.Ordinal)) is { } summary
            && summary.StartsWith($"items={items} sum={sum} failed=0 ", StringComparison.Ordinal);
    }
}
