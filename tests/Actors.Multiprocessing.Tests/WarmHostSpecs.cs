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
        var waiting = await WaitForIdleChildAsync(exclude: first.Pid!.Value);

        var second = new Process(() => Work.PrintFamily());
        second.Start();
        Assert.True(second.Join(Generous));

        Assert.Contains(second.Pid!.Value, waiting);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"current={second.Name}|{second.Pid}|True", console.Out);
        Assert.Contains($"parent={Process.Current.Name}|{Environment.ProcessId}|True", console.Out);
    }

    /// <summary>Polls /proc until this process has a running child that is not a started Process: a warm host.</summary>
    private static async Task<IReadOnlyList<int>> WaitForIdleChildAsync(int exclude)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (DateTime.UtcNow < deadline)
        {
            var started = Process.ActiveChildren().Select(p => p.Pid).ToHashSet();
            var idle = OsProcess.ChildrenOf(Environment.ProcessId).Where(pid => pid != exclude && !started.Contains(pid)).ToList();
            if (idle.Count > 0)
            {
                return idle;
            }

            await Task.Delay(50);
        }

        return [];
    }
}
