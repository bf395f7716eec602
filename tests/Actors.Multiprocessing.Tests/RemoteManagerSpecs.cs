using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>A manager serving on a loopback address for processes that connect with its authkey.</summary>
[Collection(ProcessCollection.Name)]
public sealed class RemoteManagerSpecs
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("abracadabra");
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public void A_client_with_the_key_reaches_the_registered_objects_and_their_exceptions()
    {
        using var manager = new Manager(AnyLoopbackPort, Key);
        var jobs = manager.List<string>();
        manager.Register("jobs", jobs);
        manager.Register("counter", manager.Create<ICounter>(() => new Counter(41)));

        using var remote = Manager.Connect(manager.Address!, Key);
        remote.Get<ListProxy<string>>("jobs").Add("hello");
        var counter = remote.Get<ICounter>("counter");

        Assert.Equal(["hello"], jobs.ToList());
        Assert.Equal(42, counter.Increment());
        Assert.Equal("no", Assert.Throws<InvalidOperationException>(() => counter.Fail("no")).Message);
        Assert.Equal(manager.Pid, remote.Pid);
        Assert.Throws<KeyNotFoundException>(() => remote.Get<ICounter>("missing"));
        Assert.Throws<InvalidCastException>(() => remote.Get<DictProxy<string, int>>("jobs"));
    }

    [Fact]
    public async Task A_program_outside_the_family_puts_and_gets_through_the_remote_manager_example()
    {
        var example = Path.Combine(Repository.Root, "examples/remote-manager/bin/Debug/net10.0/remote-manager.dll");
        Assert.True(File.Exists(example), $"{example} is not built (the test project builds it first)");

        // The example's own server: a manager it starts, serving a JobQueue as "get_queue".
        var server = StartExample(example, "server", "--port", "0", "--key", "abracadabra");
        var serving = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var serverPort = serving!.Split(':')[^1];
        await RunExample(example, "put", "--port", serverPort, "--key", "abracadabra", "hello");
        var got = await RunExample(example, "get", "--port", serverPort, "--key", "abracadabra");
        server.StandardInput.Close();
        Assert.True(server.WaitForExit(TimeSpan.FromMinutes(1)));

        Assert.Equal("hello", got.Trim());
        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public void A_wrong_key_is_refused_before_a_request_is_read_and_the_manager_serves_on()
    {
        using var manager = new Manager(AnyLoopbackPort, Key);
        manager.Register("jobs", manager.List<string>());

        Assert.Throws<AuthenticationException>(() => Manager.Connect(manager.Address!, Encoding.UTF8.GetBytes("wrong")));
        using (var raw = new TcpClient())
        {
            raw.Connect(manager.Address!);
            var stream = raw.GetStream();
            stream.ReadExactly(new byte[32]);
            stream.Write(new byte[32]);
            Assert.Equal(0, stream.ReadByte());
            // A frame after the refusal is never read: the manager has closed the connection.
            stream.Write([4, 0, 0, 0, 1, 2, 3, 4]);
            Assert.Equal(-1, stream.ReadByte());
        }

        using var remote = Manager.Connect(manager.Address!, Key);
        Assert.Empty(remote.Get<ListProxy<string>>("jobs"));
    }

    [Fact]
    public void With_a_certificate_the_manager_serves_in_mutual_TLS_and_refuses_clients_without_that_certificate()
    {
        using var shared = Certificate("actors-manager-spec");
        using var other = Certificate("someone-else");
        using var manager = new Manager(AnyLoopbackPort, Key, shared);
        manager.Register("jobs", manager.List<string>());

        using (var remote = Manager.Connect(manager.Address!, Key, shared))
        {
            remote.Get<ListProxy<string>>("jobs").Add("over TLS");
        }

        Assert.Throws<AuthenticationException>(() => Manager.Connect(manager.Address!, Key));
        Assert.Throws<AuthenticationException>(() => Manager.Connect(manager.Address!, Key, other));
        using var again = Manager.Connect(manager.Address!, Key, shared);
        Assert.Equal(["over TLS"], again.Get<ListProxy<string>>("jobs").ToList());
    }

    [Fact]
    public void A_manager_refuses_to_serve_beyond_loopback_or_without_a_key()
    {
        Assert.Throws<ArgumentException>(() => new Manager(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 0), Key));
        Assert.Throws<ArgumentException>(() => new Manager(AnyLoopbackPort, []));
    }

    [Fact]
    public void A_remote_proxy_fails_with_OwnerLostException_once_the_manager_process_is_killed()
    {
        var manager = new Manager(AnyLoopbackPort, Key);
        manager.Register("jobs", manager.List<string>());
        using var remote = Manager.Connect(manager.Address!, Key);
        var jobs = remote.Get<ListProxy<string>>("jobs");

        System.Diagnostics.Process.GetProcessById(manager.Pid).Kill();

        Assert.Equal(manager.Pid, Assert.Throws<OwnerLostException>(() => jobs.Add("late")).OwnerPid);
        manager.Dispose();
    }

    private static X509Certificate2 Certificate(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static System.Diagnostics.Process StartExample(string dll, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        return System.Diagnostics.Process.Start(start)!;
    }

    private static async Task<string> RunExample(string dll, params string[] arguments)
    {
        using var process = StartExample(dll, arguments);
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, $"remote-manager {string.Join(' ', arguments)} exited with {process.ExitCode}");
        return output;
    }
}
