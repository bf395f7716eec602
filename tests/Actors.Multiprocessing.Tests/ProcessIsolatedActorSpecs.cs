using Akka.Actor;
using Akka.Pattern;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Actors in child processes, under their parent's SupervisorStrategy (Props.InChildProcess).</summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessIsolatedActorSpecs : MultiprocessingTestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ask_reaches_the_actor_in_another_process_and_the_reply_comes_back_to_the_sender()
    {
        var counter = Sys.ActorOf(Props.Create<CounterActor>(5).InChildProcess(), "counter");

        var state = await counter.Ask<CounterState>("get", Generous);
        counter.Tell(42, TestActor);

        Assert.Equal(5, state.Count);
        Assert.NotEqual(Environment.ProcessId, state.Pid);
        Assert.Contains(state.Pid, OsProcess.ChildrenOf(Environment.ProcessId));
        ExpectMsg(42, Generous);
        Assert.NotEqual(((ExtendedActorSystem)Sys).Provider.DefaultAddress, LastSender.Path.Address);
    }

    [Fact]
    public void Ten_thousand_messages_told_while_the_process_starts_arrive_all_and_in_order()
    {
        var sequence = Sys.ActorOf(Props.Create<SequenceActor>().InChildProcess(), "sequence");

        for (var i = 0; i < 10_000; i++)
        {
            sequence.Tell(i);
        }

        sequence.Tell("done", TestActor);
        ExpectMsg("10000 in order: True", Generous);
    }

    [Fact]
    public void An_exception_restarted_by_the_strategy_resets_the_actor_in_the_same_process()
    {
        var parent = Sys.ActorOf(Props.Create(() => new StrategyParent(Props.Create<CounterActor>(0).InChildProcess(null), TestActor, Directive.Restart)));
        parent.Tell("inc");
        parent.Tell("get", TestActor);
        var before = ExpectMsg<CounterState>(Generous);

        parent.Tell("boom");
        var failure = ExpectMsg<InvalidOperationException>(Generous);
        parent.Tell("get", TestActor);
        var after = ExpectMsg<CounterState>(Generous);

        Assert.Equal(1, before.Count);
        Assert.Equal("boom in the child", failure.Message);
        Assert.IsType<RemoteException>(failure.InnerException);
        Assert.Equal(new CounterState(0, before.Pid), after);
    }

    [Fact]
    public void An_exception_resumed_by_the_strategy_keeps_the_actors_state()
    {
        var parent = Sys.ActorOf(Props.Create(() => new StrategyParent(Props.Create<CounterActor>(0).InChildProcess(null), TestActor, Directive.Resume)));
        parent.Tell("inc");
        parent.Tell("inc");

        parent.Tell("boom");
        ExpectMsg<InvalidOperationException>(Generous);
        parent.Tell("get", TestActor);

        Assert.Equal(2, ExpectMsg<CounterState>(Generous).Count);
    }

    [Fact]
    public void A_crashed_process_reaches_the_strategy_as_ChildProcessExitedException_and_Restart_starts_a_new_one()
    {
        var parent = Sys.ActorOf(Props.Create(() => new StrategyParent(Props.Create<CounterActor>(7).InChildProcess(null), TestActor, Directive.Restart)));
        parent.Tell("get", TestActor);
        var before = ExpectMsg<CounterState>(Generous);

        parent.Tell("crash");
        var exited = ExpectMsg<ChildProcessExitedException>(Generous);
        parent.Tell("get", TestActor);
        var after = ExpectMsg<CounterState>(Generous);

        Assert.Equal(before.Pid, exited.Pid);
        Assert.NotEqual(0, exited.ExitCode);
        Assert.Equal(7, after.Count);
        Assert.NotEqual(before.Pid, after.Pid);
    }

    [Fact]
    public async Task Stopping_the_actor_ends_its_process_and_Watch_sees_it_terminate()
    {
        var counter = Sys.ActorOf(Props.Create<CounterActor>(0).InChildProcess(), "stopped");
        var pid = (await counter.Ask<CounterState>("get", Generous)).Pid;
        Watch(counter);

        Sys.Stop(counter);

        ExpectTerminated(counter, Generous);
        Assert.True(await OsProcess.WaitGoneAsync(pid, Generous), $"Process {pid} still runs after its actor stopped.");
    }

    [Fact]
    public async Task A_process_killed_for_good_under_Stop_terminates_the_actor()
    {
        var parent = Sys.ActorOf(Props.Create(() => new StrategyParent(Props.Create<CounterActor>(0).InChildProcess(null), TestActor, Directive.Stop)));
        parent.Tell("get", TestActor);
        var pid = ExpectMsg<CounterState>(Generous).Pid;
        var worker = await Sys.ActorSelection(parent.Path / "worker").ResolveOne(Generous);
        Watch(worker);

        System.Diagnostics.Process.GetProcessById(pid).Kill();

        Assert.Equal(-9, ExpectMsg<ChildProcessExitedException>(Generous).ExitCode);
        ExpectTerminated(worker, Generous);
    }

    [Fact]
    public async Task Under_RestartDeadProcess_false_a_crashed_process_stops_the_actor_instead_of_starting_another()
    {
        var props = Props.Create<CounterActor>(0).InChildProcess(new ChildProcessOptions("no-second-life", RestartDeadProcess: false));
        var parent = Sys.ActorOf(Props.Create(() => new StrategyParent(props, TestActor, Directive.Restart)));
        parent.Tell("get", TestActor);
        ExpectMsg<CounterState>(Generous);
        var worker = await Sys.ActorSelection(parent.Path / "worker").ResolveOne(Generous);
        Watch(worker);

        parent.Tell("crash");

        ExpectMsg<ChildProcessExitedException>(Generous);
        ExpectTerminated(worker, Generous);
    }

    [Fact]
    public async Task BackoffSupervisor_brings_a_crashed_process_isolated_actor_back_in_a_new_process()
    {
        var child = Props.Create<CounterActor>(3).InChildProcess();
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(
            Backoff.OnFailure(child, "counter", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0.2, maxNrOfRetries: -1)));
        var first = await supervisor.Ask<CounterState>("get", Generous);

        supervisor.Tell("crash");

        var deadline = DateTime.UtcNow + Generous;
        CounterState? next = null;
        while (next is null && DateTime.UtcNow < deadline)
        {
            try
            {
                var state = await supervisor.Ask<CounterState>("get", TimeSpan.FromSeconds(2));
                next = state.Pid != first.Pid ? state : null;
            }
            catch (AskTimeoutException)
            {
                // Between the crash and the new child, the supervisor has nobody to forward to.
            }
        }

        Assert.NotNull(next);
        Assert.Equal(3, next.Count);
    }

    [Fact]
    public void A_constructor_argument_that_cannot_travel_fails_when_the_props_are_made()
    {
        var e = Assert.Throws<TransferException>(() => Props.Create<StreamHolder>(new MemoryStream()).InChildProcess());

        Assert.Contains("Constructor argument #0 of StreamHolder", e.Message);
    }

    [Fact]
    public void A_constructor_that_throws_in_the_child_reaches_the_strategy_and_Stop_ends_the_process()
    {
        var parent = Sys.ActorOf(Props.Create(() => new StrategyParent(Props.Create<FailingConstructorActor>().InChildProcess(null), TestActor, Directive.Stop)));

        var failure = ExpectMsg<Exception>(Generous);

        Assert.Contains("no such parser", failure.ToString());
        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Six_actors_made_and_stopped_leave_no_process_behind()
    {
        var actors = Enumerable.Range(0, 6).Select(i => Sys.ActorOf(Props.Create<CounterActor>(i).InChildProcess(), $"many-{i}")).ToList();
        var pids = new List<int>();
        foreach (var actor in actors)
        {
            pids.Add((await actor.Ask<CounterState>("get", Generous)).Pid);
        }

        actors.ForEach(Sys.Stop);

        Assert.Equal(6, pids.Distinct().Count());
        foreach (var pid in pids)
        {
            Assert.True(await OsProcess.WaitGoneAsync(pid, Generous), $"Process {pid} still runs after its actor stopped.");
        }
    }

    [Fact]
    public async Task A_message_that_cannot_travel_fails_the_Ask_with_a_TransferException_and_the_actor_goes_on()
    {
        var counter = Sys.ActorOf(Props.Create<CounterActor>(9).InChildProcess(), "refuses");

        var e = await Assert.ThrowsAsync<TransferException>(() => counter.Ask<object>(new FileInfo("/tmp/not-for-children"), Generous));
        var state = await counter.Ask<CounterState>("get", Generous);

        Assert.Contains("FileInfo told to refuses", e.Message);
        Assert.Equal(9, state.Count);
    }

    [Fact]
    public async Task Terminating_the_ActorSystem_leaves_no_process_behind()
    {
        var counter = Sys.ActorOf(Props.Create<CounterActor>(0).InChildProcess(), "doomed");
        var pid = (await counter.Ask<CounterState>("get", Generous)).Pid;

        Shutdown(Sys, Generous);

        Assert.True(await OsProcess.WaitGoneAsync(pid, Generous), $"Process {pid} outlived the ActorSystem.");
    }
}
