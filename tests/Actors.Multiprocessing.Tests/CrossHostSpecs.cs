using Actors.Multiprocessing.Testing;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// Handles that reach another host, across real processes (tests/cross-host): a cluster node names its own
/// shared-memory domain, so that its worker processes are "another host" on this machine, and a driver hands a
/// cluster pool's tasks there its queues, pipes and shared memory. Queues and pipes work through their owner;
/// shared memory fails with OtherHostException. A node of the driver's own domain still uses the ring.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CrossHostSpecs
{
    private static readonly string Program = Path.Combine(Repository.Root, "tests/cross-host/bin/Debug/net10.0/cross-host.dll");

    private static readonly string[] SharedKinds = ["value", "array", "lock", "rlock", "semaphore", "bounded-semaphore", "event", "condition", "barrier"];

    [Fact]
    public void Tasks_on_another_host_put_into_a_queue_and_the_driver_receives_exactly_what_they_put()
    {
        var line = Run(otherHost: true, "queue-put", items: 200);

        Assert.Equal("received=200 exact=True left=0 mapped=0", line);
    }

    [Fact]
    public void Tasks_on_the_same_host_put_through_the_ring()
    {
        var line = Run(otherHost: false, "queue-put", items: 50);

        Assert.Equal("received=50 exact=True left=0 mapped=50", line);
    }

    [Fact]
    public void Tasks_on_another_host_wait_for_items_and_take_each_exactly_once()
    {
        var lines = Run(otherHost: true, "queue-get", items: 200, lines: 2);

        Assert.Equal("taken=200 exact=True left=0", lines[0]);
        Assert.Equal("nowait=QueueEmptyException timeout=QueueEmptyException count=0 empty=True", lines[1]);
    }

    [Fact]
    public void An_item_claimed_for_a_taker_killed_on_another_host_comes_back_to_the_queue()
    {
        var line = Run(otherHost: true, "killed-taker", items: 0);

        Assert.StartsWith("task=WorkerLostException: ", line);
        Assert.Contains(" got=42 left=0 ", line);
    }

    [Fact]
    public void A_joinable_queue_joins_across_hosts_both_ways()
    {
        var lines = Run(otherHost: true, "joinable", items: 100, lines: 2);

        Assert.Equal($"produced=100 consumed-sum={99 * 100 / 2}", lines[0]);
        Assert.Equal($"joined consumer-sum={99 * 100 / 2}", lines[1]);
    }

    [Fact]
    public void A_pipe_end_on_another_host_echoes_and_its_close_ends_the_stream()
    {
        var line = Run(otherHost: true, "pipe", items: 50);

        Assert.Equal("echoed=50 worker-echoed=50 ended=True", line);
    }

    [Fact]
    public void Shared_memory_of_every_kind_used_on_another_host_fails_the_task_with_OtherHostException()
    {
        var lines = Run(otherHost: true, "shared-memory", items: 0, lines: SharedKinds.Length);

        Assert.Equal(SharedKinds, lines.Select(line => line.Split(':')[0]));
        Assert.All(lines, line =>
        {
            Assert.Contains(": OtherHostException: This ", line);
            Assert.Contains("another host (domain ", line);
            Assert.Contains("is in domain elsewhere", line);
            Assert.Contains("ProcessQueue or a Pipe", line);
        });
    }

    [Fact]
    public void Shared_memory_of_every_kind_works_in_a_task_on_the_same_host()
    {
        var lines = Run(otherHost: false, "shared-memory", items: 0, lines: SharedKinds.Length);

        Assert.Equal(["value: 42", "array: 7", "lock: 1", "rlock: 1", "semaphore: 2", "bounded-semaphore: 2", "event: 1", "condition: 1", "barrier: 0"], lines);
    }

    /// <summary>Runs a scenario against one worker node (of the domain "elsewhere" for <paramref name="otherHost"/>); its last lines.</summary>
    private static string[] Run(bool otherHost, string scenario, int items, int lines)
    {
        using var fleet = new ClusterFleet(Program);
        fleet.StartNode(processes: 1, options: otherHost ? ["--domain", "elsewhere"] : []);
        using var driver = fleet.Start("driver", "--seed", fleet.Seed!, "--cert", fleet.Certificate, "--scenario", scenario, "--items", items.ToString());

        Assert.True(driver.Exit() == 0, driver.Output);
        var printed = driver.Lines.Where(line => line.StartsWith("| ")).Select(line => line[2..]).ToArray();
        Assert.True(printed.Length >= lines, driver.Output);
        return printed[^lines..];
    }

    private static string Run(bool otherHost, string scenario, int items) => Run(otherHost, scenario, items, lines: 1)[0];
}
