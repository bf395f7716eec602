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
    public async Task Three_nodes_join_and_a_map_runs_on_the_workers_of_every_node()
    {
        using var fleet = new ClusterFleet();
        for (var i = 0; i < 3; i++)
        {
            await fleet.StartNodeAsync();
        }

        using var map = fleet.StartMap("--items", "300", "--task-ms", "10", "--nodes", "3", "--trace", Trace(fleet));

        Assert.Equal(0, await map.ExitAsync());
        Assert.Equal(new MapSummary(300, MapSummary.SquaresBelow(300), 0, 3, 3), MapSummary.Parse(map.Lines[^1]));
        Assert.Equal(Enumerable.Range(0, 300), Runs(fleet).Select(r => r.Item).Order());
    }

    [Fact]
    public async Task A_node_killed_mid_map_with_retry_on_loses_nothing_and_the_map_finishes_on_the_others()
    {
        using var fleet = new ClusterFleet();
        await fleet.StartNodeAsync();
        await fleet.StartNodeAsync();
        var doomed = await fleet.StartNodeAsync();
        using var map = fleet.StartMap("--items", "200", "--task-ms", "40", "--nodes", "3", "--retry", "--trace", Trace(fleet));
        await map.WaitForLineAsync(line => line.StartsWith("done=40 "));

        doomed.Kill();

        Assert.Equal(0, await map.ExitAsync());
        Assert.Equal(new MapSummary(200, MapSummary.SquaresBelow(200), 0, 2, 2), MapSummary.Parse(map.Lines[^1]));
        Assert.Equal(Enumerable.Range(0, 200), Runs(fleet).Select(r => r.Item).Distinct().Order());
    }

    [Fact]
    public async Task A_node_killed_mid_map_with_retry_off_fails_only_the_tasks_its_workers_held_and_runs_none_twice()
    {
        using var fleet = new ClusterFleet();
        await fleet.StartNodeAsync();
        await fleet.StartNodeAsync();
        var doomed = await fleet.StartNodeAsync();
        using var map = fleet.StartMap("--items", "200", "--task-ms", "40", "--nodes", "3", "--trace", Trace(fleet));
        await map.WaitForLineAsync(line => line.StartsWith("done=40 "));

        doomed.Kill();

        Assert.Equal(0, await map.ExitAsync());
        var summary = MapSummary.Parse(map.Lines[^1]);
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
    public async Task A_node_that_joins_mid_map_gets_work()
    {
        using var fleet = new ClusterFleet();
        await fleet.StartNodeAsync();
        await fleet.StartNodeAsync();
        using var map = fleet.StartMap("--items", "500", "--task-ms", "50", "--nodes", "2", "--trace", Trace(fleet));
        await map.WaitForLineAsync(line => line.StartsWith("done=25 "));

        await fleet.StartNodeAsync();

        Assert.Equal(0, await map.ExitAsync());
        Assert.Equal(new MapSummary(500, MapSummary.SquaresBelow(500), 0, 3, 3), MapSummary.Parse(map.Lines[^1]));
        Assert.Equal(3, Runs(fleet).Select(r => r.Pid).Distinct().Count());
    }

    [Fact]
    public async Task A_node_with_another_certificate_is_refused_and_the_cluster_goes_on()
    {
        using var fleet = new ClusterFleet();
        await fleet.StartNodeAsync();
        var foreign = fleet.MakeCertificate("foreign.pfx");

        using var intruder = fleet.Start("node", "--port", "0", "--seed", fleet.Seed!, "--cert", foreign, "--processes", "1", "--join-timeout", "8");

        Assert.Equal(2, await intruder.ExitAsync());
        Assert.Contains(intruder.Lines, line => line.Contains("could not join"));
        using var map = fleet.StartMap("--items", "10");
        Assert.Equal(0, await map.ExitAsync());
        Assert.Equal(new MapSummary(10, MapSummary.SquaresBelow(10), 0, 1, 1), MapSummary.Parse(map.Lines[^1]));
    }

    private static string Trace(ClusterFleet fleet) => Path.Combine(fleet.Directory, "trace.txt");

    private static List<(int Item, int Pid)> Runs(ClusterFleet fleet) =>
        [.. File.ReadAllLines(Trace(fleet)).Select(line => line.Split(' ')).Select(f => (int.Parse(f[0]), int.Parse(f[1])))];
}
