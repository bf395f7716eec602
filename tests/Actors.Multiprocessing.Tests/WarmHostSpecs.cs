using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Warm hosts: children started ahead of need, handed their target by Start().</summary>
[Collection(ProcessCollection.Name)]
public sealed class WarmHostSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_hands_the_target_to_a_host_that_was_already_running()
    {
        using var console = new CapturedConsole();
        var first = new Process(() => Work.Nothing());
        first.Start();
        Assert.True(first.Join(Generous));
        var waiting = await OsProcess.WaitForWarmHostsAsync(hosts => hosts.Any(pid => pid != first.Pid), Generous) ?? [];

        var second = new Process(() => Work.PrintFamily());
        second.Start();
        Assert.True(second.Join(Generous));

        Assert.Contains(second.Pid!.Value, waiting);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"current={second.Name}|{second.Pid}|True", console.Out);
        Assert.Contains($"parent={Process.Current.Name}|{Environment.ProcessId}|True", console.Out);
    }
}
