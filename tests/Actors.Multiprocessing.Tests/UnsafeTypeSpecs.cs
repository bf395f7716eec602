using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// The transfer codec's deny-list follows <c>actors.multiprocessing.transfer.disallow-unsafe-types</c> for
/// targets too, in the parent and in the child (which inherits its parent's section).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class UnsafeTypeSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config Permissive = ConfigurationFactory
        .ParseString("akka.remote.dot-netty.tcp.enable-ssl = on\nactors.multiprocessing.transfer.disallow-unsafe-types = off")
        .WithFallback(ProcessRuntime.DefaultConfig);

    public UnsafeTypeSpecs()
        : base(ProcessRuntime.DefaultSetup.And(BootstrapSetup.Create().WithConfig(Permissive)), "permissive")
    {
        ProcessRuntime.UseActorSystem(Sys);
    }

    [Fact]
    public void With_the_deny_list_off_a_type_on_it_reaches_the_child_and_the_next_runtime_refuses_it_again()
    {
        using var console = new CapturedConsole();
        var file = new FileInfo("/tmp/allowed-by-config");
        var p = new Process(() => Work.Describe(file));

        p.Start();

        Assert.True(p.Join(TimeSpan.FromSeconds(60)));
        Assert.True(p.ExitCode == 0, console.Error);
        Assert.Contains("/tmp/allowed-by-config", console.Out);

        // The runtime that replaces a terminated system starts from the defaults again, deny-list on.
        Shutdown(Sys, TimeSpan.FromSeconds(60));
        Assert.Throws<TransferException>(new Process(() => Work.Describe(file)).Start);
    }
}
