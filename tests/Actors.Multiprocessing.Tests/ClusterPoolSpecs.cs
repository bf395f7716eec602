using Actors.Multiprocessing.Testing;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// Cluster pools across real node processes on loopback (examples/cluster-pool): nodes join over mutual TLS,
/// a driver maps over their workers, nodes are SIGKILLed mid-map or join mid-map, a foreign certificate is refused.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ClusterPoolSpecs
{
    [Fact]
    public void Three_nodes_join_and_a_map_runs_on_the_workers_of_every_node()
    {
        using var fleet = new ClusterFleet();
        for (var i = 0; i < 3; i++)
        {
            fleet.StartNode();
        }

        using var map = fleet.StartMap("--items", "300", "--task-ms", "10", "--nodes", "3", "--trace", Trace(fleet));

        Assert.Equal(0, map.Exit());
        Assert.Equal(new MapSummary(300, MapSummary.SquaresBelow(300), 0, 3, 3), MapSummary.Of(map));
        Assert.Equal(Enumerable.Range(0, 300), Runs(fleet).Select(r => r.Item).Order());
    }

    [Fact]
    public async Task A_node_killed_mid_map_with_retry_on_loses_nothing_and_the_map_finishes_on_the_others()
    {
        using var fleet = new ClusterFleet();
        fleet.StartNode();
        fleet.StartNode();
        var doomed = fleet.StartNode();
        using var map = await StartBusyMapAsync(fleet, retry: true);

        doomed.Kill();

        Assert.Equal(0, map.Exit());
        Assert.Equal(new MapSummary(200, MapSummary.SquaresBelow(200), 0, 2, 2), MapSummary.Of(map));
        Assert.Equal(Enumerable.Range(0, 200), Runs(fleet).Select(r => r.Item).Distinct().Order());
    }

    [Fact]
    public async Task A_node_killed_mid_map_with_retry_off_fails_only_the_tasks_its_workers_held_and_runs_none_twice()
    {
        using var fleet = new ClusterFleet();
        fleet.StartNode();
        fleet.StartNode();
        var doomed = fleet.StartNode();
        using var map = await StartBusyMapAsync(fleet, retry: false);

        doomed.Kill();

        Assert.Equal(0, map.Exit());
        var summary = MapSummary.Of(map);
        // One worker on the dead node, sent at most two tasks ahead: those fail, nothing else does.
        Assert.InRange(summary.Failed, 1, 2);
        Assert.Equal((200, 2, 2), (summary.Items, summary.Nodes, summary.Workers));
        Assert.Contains(map.Lines, line => line.StartsWith("lost: ") && line.Contains("was lost (its node became unreachable)"));
        var runs = Runs(fleet);
        Assert.Equal(runs.Count, runs.Select(r => r.Item).Distinct().Count());
        // What succeeded is exactly the squares of the items that did not fail.
        Assert.True(summary.Sum < MapSummary.SquaresBelow(200));
    }

    [Fact]
    public async Task A_worker_killed_on_a_live_node_is_replaced_there_and_its_task_runs_again()
    {
        using var fleet = new ClusterFleet();
        fleet.StartNode();
        fleet.StartNode();
        var gate = Path.Combine(fleet.Directory, "gate");
        // Held by the gate: each worker has started a task and waits, so the one killed holds a task for sure.
        using var map = fleet.StartMap("--items", "200", "--task-ms", "40", "--nodes", "2", "--retry", "--trace", Trace(fleet), "--gate", gate);
        await Eventually(() => Runs(fleet).Select(r => r.Pid).Distinct().Count() == 2);

        var victim = Runs(fleet)[^1].Pid;
        System.Diagnostics.Process.GetProcessById(victim).Kill();

        // Its replacement on the same node takes the task again before the gate opens.
        await Eventually(() => Runs(fleet).Select(r => r.Pid).Distinct().Count() == 3);
        File.WriteAllText(gate, "");
        Assert.Equal(0, map.Exit());
        Assert.Equal(new MapSummary(200, MapSummary.SquaresBelow(200), 0, 2, 2), MapSummary.Of(map));
        Assert.Equal(2, Runs(fleet).Count(r => r.Item == Runs(fleet).Single(v => v.Pid == victim).Item));
    }

    [Fact]
    public async Task A_node_that_joins_mid_map_gets_work()
    {
        using var fleet = new ClusterFleet();
        fleet.StartNode();
        fleet.StartNode();
        var gate = Path.Combine(fleet.Directory, "gate");
        // The map is held in flight: its tasks start (and say so in the trace) but return only once the gate opens.
        using var map = fleet.StartMap("--items", "40", "--nodes", "2", "--trace", Trace(fleet), "--gate", gate);
        await Eventually(() => Runs(fleet).Select(r => r.Pid).Distinct().Count() == 2);

        fleet.StartNode();

        await Eventually(() => Runs(fleet).Select(r => r.Pid).Distinct().Count() == 3);
        File.WriteAllText(gate, "");
        Assert.Equal(0, map.Exit());
        Assert.Equal(new MapSummary(40, MapSummary.SquaresBelow(40), 0, 3, 3), MapSummary.Of(map));
    }

    [Fact]
    public void A_node_with_another_certificate_is_refused_and_the_cluster_goes_on()
    {
        using var fleet = new ClusterFleet();
        fleet.StartNode();
        var foreign = fleet.MakeCertificate("foreign.pfx");

        using var intruder = fleet.Start("node", "--port", "0", "--seed", fleet.Seed!, "--cert", foreign, "--processes", "1", "--join-timeout", "8");

        Assert.Equal(2, intruder.Exit());
        Assert.Contains(intruder.Lines, line => line.Contains("could not join"));
        using var map = fleet.StartMap("--items", "10");
        Assert.Equal(0, map.Exit());
        Assert.Equal(new MapSummary(10, MapSummary.SquaresBelow(10), 0, 1, 1), MapSummary.Of(map));
    }

    /// <summary>
    /// A map of 200 tasks of 40 ms on three nodes, once every node's worker runs tasks (the map is held by a
    /// gate until each has started one, so none is still booting when a node is killed) and 40 are done.
    /// </summary>
    private static async Task<ExampleProcess> StartBusyMapAsync(ClusterFleet fleet, bool retry)
    {
        var gate = Path.Combine(fleet.Directory, "gate");
        string[] options = ["--items", "200", "--task-ms", "40", "--nodes", "3", "--trace", Trace(fleet), "--gate", gate];
        var map = fleet.StartMap(retry ? [.. options, "--retry"] : options);
        await Eventually(() => Runs(fleet).Select(r => r.Pid).Distinct().Count() == 3);
        File.WriteAllText(gate, "");
        map.WaitForLine(line => line.StartsWith("done=40 "));
        return map;
    }

    /// <summary>Waits (two minutes at most) until <paramref name="condition"/> holds.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(limit.Elapsed < TimeSpan.FromMinutes(2), "The condition awaited did not come within two minutes.");
            await Task.Delay(100);
        }
    }

    private static string Trace(ClusterFleet fleet) => Directory.CreateDirectory(Path.Combine(fleet.Directory, "trace")).FullName;

    /// <summary>Every task run so far: a file per worker pid, a line per item, read while workers append (a line counts once its newline is there).</summary>
    private static List<(int Item, int Pid)> Runs(ClusterFleet fleet) =>
        [.. Directory.GetFiles(Trace(fleet)).SelectMany(file =>
            File.ReadAllText(file).Split('\n').SkipLast(1).Select(item => (int.Parse(item), int.Parse(Path.GetFileName(file)))))];
}
