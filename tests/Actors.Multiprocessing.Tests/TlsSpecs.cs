using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote;
using Akka.Remote.Transport.DotNetty;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Only the family gets in: mutual TLS on the family certificate, untrusted-mode, loopback.</summary>
[Collection(ProcessCollection.Name)]
public sealed class TlsSpecs : MultiprocessingTestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    public TlsSpecs()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));
    }

    private Address Address => ((ExtendedActorSystem)Sys).Provider.DefaultAddress;

    [Fact]
    public void The_family_speaks_tls_on_loopback()
    {
        Assert.Equal("akka.ssl.tcp", Address.Protocol);
        Assert.Equal("127.0.0.1", Address.Host);
    }

    [Fact]
    public void A_system_with_another_certificate_cannot_reach_a_supervisor_and_the_children_keep_working()
    {
        var worker = StartedSleeper();
        using var foreign = ForeignSystem(tls: true);

        Attack(foreign, Address);

        AssertNothingDelivered();
        AssertChildrenWork(worker);
    }

    [Fact]
    public void A_system_without_tls_cannot_reach_a_supervisor_and_the_children_keep_working()
    {
        var worker = StartedSleeper();
        using var foreign = ForeignSystem(tls: false);

        Attack(foreign, new Address("akka.tcp", Address.System, Address.Host, Address.Port));

        AssertNothingDelivered();
        AssertChildrenWork(worker);
    }

    [Fact]
    public async Task A_raw_tcp_client_writing_garbage_is_dropped_and_harms_nobody()
    {
        var worker = StartedSleeper();
        using var client = new TcpClient();
        await client.ConnectAsync(Address.Host!, Address.Port!.Value);
        var stream = client.GetStream();
        await stream.WriteAsync(RandomNumberGenerator.GetBytes(64 * 1024));

        // The transport closes the connection on the failed handshake.
        using var cts = new CancellationTokenSource(Generous);
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Reset by the server: dropped too.
        }

        AssertChildrenWork(worker);
    }

    [Fact]
    public void A_handed_in_system_with_its_own_certificate_is_refused()
    {
        using var foreign = ForeignSystem(tls: true);

        var e = Assert.Throws<InvalidOperationException>(() => ProcessRuntime.UseActorSystem(foreign));

        Assert.Contains("ProcessRuntime.DefaultSetup", e.Message);
    }

    [Fact]
    public void A_handed_in_system_without_tls_makes_a_plain_family_and_says_so()
    {
        using var console = new CapturedConsole();
        using var plain = ActorSystem.Create("plain", ProcessRuntime.DefaultConfig);

        ProcessRuntime.UseActorSystem(plain);
        var p = new Process(() => Work.Nothing());
        p.Start();

        Assert.True(p.Join(Generous));
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("warning: Actors.Multiprocessing: TLS is off", console.Error);
        Assert.Equal("akka.tcp", ((ExtendedActorSystem)plain).Provider.DefaultAddress.Protocol);
    }

    private static Process StartedSleeper()
    {
        var worker = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        worker.Start();
        return worker;
    }

    /// <summary>
    /// Sends a message to the first child's supervisor and waits until the foreign association fails (an
    /// association that succeeds arrives here first and fails the spec at once).
    /// </summary>
    private void Attack(ActorSystem foreign, Address target)
    {
        var failures = CreateTestProbe(foreign);
        foreign.EventStream.Subscribe(failures.Ref, typeof(AssociationErrorEvent));
        foreign.EventStream.Subscribe(failures.Ref, typeof(AssociatedEvent));
        var supervisor = ((ExtendedActorSystem)foreign).Provider.ResolveActorRef(
            new RootActorPath(target) / "user" / SupervisorName());

        supervisor.Tell("let me in");

        failures.ExpectMsg<AssociationErrorEvent>(Generous);
    }

    private string SupervisorName()
    {
        Sys.ActorSelection("/user/process-*").Tell(new Identify(null), TestActor);
        return ExpectMsg<ActorIdentity>(Generous).Subject.Path.Name;
    }

    private void AssertNothingDelivered()
    {
        // Had the message got through, the supervisor would have published it as unhandled.
        ExpectNoMsg(TimeSpan.FromSeconds(2));
    }

    private static void AssertChildrenWork(Process worker)
    {
        Assert.True(worker.IsAlive);
        var next = new Process(() => Work.Nothing());
        next.Start();
        Assert.True(next.Join(Generous));
        Assert.Equal(0, next.ExitCode);
        worker.Kill();
        Assert.True(worker.Join(Generous));
    }

    private static ActorSystem ForeignSystem(bool tls)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.loglevel = OFF
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, enable-ssl = {{(tls ? "on" : "off")}} }
            """);
        if (!tls)
        {
            return ActorSystem.Create("foreign", config);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=another-family", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        // An attacker accepts whatever certificate the parent shows; only the parent's check can stop it.
        var ssl = new DotNettySslSetup(certificate, suppressValidation: true, requireMutualAuthentication: true);
        return ActorSystem.Create("foreign", BootstrapSetup.Create().WithConfig(config).And(ssl));
    }
}
