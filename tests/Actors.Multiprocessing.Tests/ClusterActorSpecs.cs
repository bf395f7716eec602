using Actors.Multiprocessing.Testing;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>A process-isolated actor placed on a cluster node of a role (examples/cluster-pool's actor command).</summary>
[Collection(ProcessCollection.Name)]
public sealed class ClusterActorSpecs
{
    [Fact]
    public void An_isolated_actor_on_a_worker_node_is_restarted_on_another_node_when_its_node_is_killed()
    {
        using var fleet = new ClusterFleet();
        var nodes = new[] { fleet.StartNode(), fleet.StartNode() };
        using var driver = fleet.Start("actor", "--seed", fleet.Seed!, "--cert", fleet.Certificate);
        var before = Where(driver.WaitForLine(line => line.StartsWith("pid=")).Text);
        var doomed = Assert.Single(nodes, n => n.Pid == before.NodePid);
        var survivor = Assert.Single(nodes, n => n != doomed);

        doomed.Kill();

        var restarted = driver.WaitForLine(line => line.StartsWith("restarted: ")).Text;
        Assert.Contains($"(pid {before.Pid} on ", restarted);
        Assert.Contains("is gone with its node: it became unreachable", restarted);
        var after = Where(driver.WaitForLine(line => line.StartsWith("pid=") && Where(line).NodePid == survivor.Pid).Text);
        Assert.NotEqual(before.Pid, after.Pid);
        driver.CloseInput();
        Assert.Equal(0, driver.Exit());
    }

    private static (int Pid, int NodePid) Where(string line)
    {
        var fields = line.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => int.Parse(f[1]));
        return (fields["pid"], fields["node-pid"]);
    }
}
