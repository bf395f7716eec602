using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>A process-isolated actor placed on a cluster node of a role (examples/cluster-pool's actor command).</summary>
[Collection(ProcessCollection.Name)]
public sealed class ClusterActorSpecs
{
    [Fact]
    public async Task An_isolated_actor_on_a_worker_node_is_restarted_on_another_node_when_its_node_is_killed()
    {
        using var fleet = new ClusterFleet();
        var nodes = new[] { await fleet.StartNodeAsync(), await fleet.StartNodeAsync() };
        using var driver = fleet.Start("actor", "--seed", fleet.Seed!, "--cert", fleet.Certificate);
        var before = Where(await driver.WaitForLineAsync(line => line.StartsWith("pid=")));
        var doomed = Assert.Single(nodes, n => n.Pid == before.NodePid);
        var survivor = Assert.Single(nodes, n => n != doomed);

        doomed.Kill();

        var restarted = await driver.WaitForLineAsync(line => line.StartsWith("restarted: "));
        Assert.Contains($"(pid {before.Pid} on ", restarted);
        Assert.Contains("is gone with its node: it became unreachable", restarted);
        var after = Where(await driver.WaitForLineAsync(line => line.StartsWith("pid=") && Where(line).NodePid == survivor.Pid));
        Assert.NotEqual(before.Pid, after.Pid);
        driver.CloseInput();
        Assert.Equal(0, await driver.ExitAsync());
    }

    private static (int Pid, int NodePid) Where(string line)
    {
        var fields = line.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => int.Parse(f[1]));
        return (fields["pid"], fields["node-pid"]);
    }
}
