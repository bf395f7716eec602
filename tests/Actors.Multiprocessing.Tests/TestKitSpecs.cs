using Akka.Actor;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>MultiprocessingTestKit: a family system, process exit expectations by name.</summary>
[Collection(ProcessCollection.Name)]
public sealed class TestKitSpecs : MultiprocessingTestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void ExpectProcessExited_waits_for_the_named_child_and_checks_its_exit_code()
    {
        var other = new Process(() => Work.ExitWith(1), name: "other");
        var four = new Process(() => Work.ExitWith(4), name: "four");
        other.Start();
        four.Start();

        var exited = ExpectProcessExited("four", exitCode: 4, Generous);

        Assert.Equal(four.Pid, exited.Pid);
    }

    [Fact]
    public void ExpectProcessExited_fails_when_the_exit_code_differs()
    {
        var p = new Process(() => Work.ExitWith(2), name: "two");
        p.Start();

        var e = Assert.ThrowsAny<Exception>(() => ExpectProcessExited("two", exitCode: 0, Generous));

        Assert.Contains("exited with 2, not 0", e.Message);
    }

    [Fact]
    public async Task A_process_isolated_actor_killed_shows_as_its_actor_name_exiting_with_minus_9()
    {
        var actor = Sys.ActorOf(Props.Create<CounterActor>(0).InChildProcess(), "killed-one");
        var pid = (await actor.Ask<CounterState>("get", Generous)).Pid;

        System.Diagnostics.Process.GetProcessById(pid).Kill();

        Assert.Equal(pid, ExpectProcessExited("killed-one", exitCode: -9, Generous).Pid);
    }
}
