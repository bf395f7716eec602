using Akka.Actor;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The library inside a user's ActorSystem: one supervisor actor per child, owning it.</summary>
[Collection(ProcessCollection.Name)]
public sealed class SupervisorSpecs : MultiprocessingTestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_started_child_is_supervised_by_an_actor_in_the_handed_in_system()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        p.Start();

        Sys.ActorSelection("/user/process-*").Tell(new Identify("supervisor"), TestActor);
        var identity = ExpectMsg<ActorIdentity>(Generous);

        Assert.NotNull(identity.Subject);
        Watch(identity.Subject);
        p.Kill();
        ExpectTerminated(identity.Subject, Generous);
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public void The_EventStream_shows_each_child_starting_and_exiting_with_its_exit_code()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(ProcessStarted));
        Sys.EventStream.Subscribe(TestActor, typeof(ProcessExited));
        var p = new Process(() => Work.ExitWith(3), name: "three");

        p.Start();

        Assert.Equal(new ProcessStarted(p.Pid!.Value, "three"), ExpectMsg<ProcessStarted>(Generous));
        Assert.Equal(new ProcessExited(p.Pid!.Value, "three", 3), ExpectMsg<ProcessExited>(Generous));
        Assert.Equal(3, p.ExitCode);
    }

    [Fact]
    public void Terminating_the_owning_system_kills_its_children()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        p.Start();

        Shutdown(Sys, Generous);

        Assert.True(p.Join(Generous));
        Assert.Equal(-9, p.ExitCode);
    }

    [Fact]
    public void A_system_without_remoting_is_refused_with_a_clear_message()
    {
        using var local = ActorSystem.Create("local");

        var e = Assert.Throws<InvalidOperationException>(() => ProcessRuntime.UseActorSystem(local));

        Assert.Contains("provider = remote", e.Message);
    }
}
