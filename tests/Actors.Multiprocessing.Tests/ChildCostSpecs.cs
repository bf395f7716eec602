using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// What a child costs: it starts its ActorSystem only when it first needs an actor, reads plain arguments
/// without Hyperion, and warm hosts follow the demand for starts.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ChildCostSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_child_given_plain_values_gets_them_exactly_and_starts_no_ActorSystem()
    {
        using var console = new CapturedConsole();
        var p = new Process(() => ChildCostWork.PrintPlain(
            -7, long.MaxValue, 0.1, true, TimeSpan.FromTicks(123456789), "ünïcode", new byte[] { 0, 255 }, null));

        p.Start();
        Assert.True(p.Join(Generous));

        Assert.Equal(0, p.ExitCode);
        Assert.Contains($"args=Int32:-7|Int64:{long.MaxValue}|Double:0.1|True|{TimeSpan.FromTicks(123456789)}|ünïcode|00FF|True", console.Out);
        Assert.Contains("system=False", console.Out);
    }

    [Fact]
    public void A_100_MiB_byte_array_argument_reaches_the_child_intact()
    {
        using var console = new CapturedConsole();
        var data = new byte[100 << 20];
        new Random(7).NextBytes(data);
        var p = new Process(() => ChildCostWork.PrintDigest(data));

        p.Start();
        Assert.True(p.Join(Generous));

        Assert.Equal(0, p.ExitCode);
        Assert.Contains($"digest={data.Length}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data))}", console.Out);
    }

    [Fact]
    public void A_child_starts_its_ActorSystem_when_it_first_needs_an_actor_and_neither_it_nor_Hyperion_for_a_queue_it_was_given()
    {
        using var console = new CapturedConsole();
        using var queue = new ProcessQueue<int>();
        var p = new Process(() => ChildCostWork.PutThenOwnAQueue(queue));

        p.Start();

        Assert.Equal(1, queue.Get(Generous));
        Assert.Equal(2, queue.Get(Generous));
        Assert.True(p.Join(Generous));
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("after-put system=False hyperion=False", console.Out);
        Assert.Contains("after-own-queue system=True", console.Out);
    }

    [Fact]
    public async Task After_a_burst_of_starts_as_many_warm_hosts_wait_and_the_extra_ones_retire_when_starts_stop()
    {
        const int burst = 4;
        var children = Enumerable.Range(0, burst).Select(_ => new Process(() => Work.Nothing())).ToList();

        children.ForEach(c => c.Start());
        children.ForEach(c => Assert.True(c.Join(Generous)));

        // hocon/reference.conf: warm-hosts = 2, warm-hosts-max = 8, warm-hosts-idle = 5s.
        Assert.True(await OsProcess.WaitForWarmHostsAsync(hosts => hosts.Count >= burst, Generous) is not null, $"{burst} warm hosts were not waiting after a burst of {burst} starts.");
        Assert.True(await OsProcess.WaitForWarmHostsAsync(hosts => hosts.Count <= 2, Generous) is not null, "The warm hosts beyond warm-hosts did not retire once starts stopped.");
    }

    [Fact]
    public async Task Many_threads_starting_children_at_once_each_get_a_child_of_their_own()
    {
        var children = new System.Collections.Concurrent.ConcurrentBag<Process>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 4; i++)
            {
                var p = new Process(() => Work.Nothing());
                p.Start();
                children.Add(p);
            }
        })));

        Assert.All(children, c => Assert.True(c.Join(Generous)));
        Assert.All(children, c => Assert.Equal(0, c.ExitCode));
        Assert.Equal(32, children.Select(c => c.Pid).Distinct().Count());
    }
}
