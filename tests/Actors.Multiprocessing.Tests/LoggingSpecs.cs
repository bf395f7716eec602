using Actors.Multiprocessing.Internal.Logging;
using Akka.Actor;
using Akka.Event;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>What the library logs through Akka's logging, and what reaches the parent's log from a child.</summary>
[Collection(ProcessCollection.Name)]
public sealed class LoggingSpecs : MultiprocessingTestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_pool_worker_killed_is_logged_as_a_warning_with_its_pid()
    {
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings, typeof(Warning));
        using var pool = new Pool(processes: 1);
        var pid = pool.Apply(() => PoolWork.Pid());

        System.Diagnostics.Process.GetProcessById(pid).Kill();

        var lost = warnings.FishForMessage(m => m is Warning w && $"{w.Message}".Contains($"(pid {pid}) was lost"), Generous);
        Assert.Contains("a new worker replaces it", $"{((Warning)lost).Message}");
    }

    [Fact]
    public async Task A_warning_logged_in_a_child_reaches_the_parents_log_with_the_childs_name_and_pid()
    {
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings, typeof(Warning));
        var actor = Sys.ActorOf(Props.Create<CounterActor>(0).InChildProcess(), "chatty");

        var pid = (await actor.Ask<CounterState>("warn:mind the gap", Generous)).Pid;

        var relayed = warnings.FishForMessage(m => m is Warning w && $"{w.Message}".Contains("the child says mind the gap"), Generous);
        Assert.Contains($"[chatty pid {pid}]", $"{((Warning)relayed).Message}");
    }

    [Fact]
    public void A_child_exiting_non_zero_by_itself_is_a_warning_and_one_terminated_is_not()
    {
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings, typeof(Warning));
        var terminated = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)), name: "terminated");
        terminated.Start();
        terminated.Terminate();
        terminated.Join();
        var failing = new Process(() => Work.ExitWith(3), name: "failing");
        failing.Start();
        failing.Join();

        var warning = warnings.FishForMessage(m => m is Warning w && $"{w.Message}".StartsWith("Process "), Generous);

        Assert.Equal($"Process failing (pid {failing.Pid}) exited with code 3.", $"{((Warning)warning).Message}");
    }

    [Fact]
    public void The_transport_noise_of_a_member_that_exits_is_filtered_and_other_remoting_events_are_kept()
    {
        var filter = new MemberExitNoise();
        var gated = new Warning(
            "akka.ssl.tcp://actors@127.0.0.1:4000/system/endpointManager/reliableEndpointWriter-x", typeof(object),
            "Association with remote system akka.ssl.tcp://actors@127.0.0.1:4001 has failed; address is now gated for 5000 ms. Reason: [Disassociated]");
        var refused = new Error(
            null, "TcpServerHandler (akka://actors)", typeof(object), "TLS handshake failed: the remote certificate was rejected");
        var userWarning = new Warning("akka://actors/user/worker", typeof(object), "Disassociated from the database");

        Assert.Equal(LogFilterDecision.Drop, filter.ShouldKeepMessage(gated));
        Assert.Equal(LogFilterDecision.NoDecision, filter.ShouldKeepMessage(refused));
        Assert.Equal(LogFilterDecision.NoDecision, filter.ShouldKeepMessage(userWarning));
    }
}
