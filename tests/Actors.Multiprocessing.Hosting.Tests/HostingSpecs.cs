using Akka.Actor;
using Akka.Hosting;
using Xunit;

namespace Actors.Multiprocessing.Hosting.Tests;

/// <summary>A hosted ActorSystem (Akka.Hosting) set up with WithMultiprocessing() supervises children and process-isolated actors.</summary>
[Collection(HostedFamily.Name)]
public sealed class HostingSpecs : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder.WithMultiprocessing();

    [Fact]
    public async Task A_hosted_system_runs_process_isolated_actors_and_sees_its_children_on_the_EventStream()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(ProcessExited));
        var actor = Sys.ActorOf(Props.Create<PidActor>(4).InChildProcess(), "hosted");

        var (start, pid) = await actor.Ask<(int, int)>("who", Generous, TestContext.Current.CancellationToken);
        var p = new Process(() => HostedWork.ExitWith(5), name: "hosted-child");
        p.Start();

        Assert.Equal(4, start);
        Assert.NotEqual(Environment.ProcessId, pid);
        Assert.Equal(new ProcessExited(p.Pid!.Value, "hosted-child", 5), ExpectMsg<ProcessExited>(Generous, cancellationToken: TestContext.Current.CancellationToken));
    }
}
