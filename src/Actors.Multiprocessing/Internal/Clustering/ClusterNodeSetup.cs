using System.Globalization;
using System.Net;
using Actors.Multiprocessing.Internal.Logging;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;

namespace Actors.Multiprocessing.Internal.Clustering;

/// <summary><see cref="ClusterNodeOptions"/>, checked, as the configuration and setup of a node's ActorSystem.</summary>
internal sealed class ClusterNodeSetup
{
    /// <summary>The name of the ActorSystem <see cref="ClusterNode.Start"/> creates (every member's must be the same).</summary>
    public const string SystemName = "actors";

    private readonly ClusterNodeOptions _options;
    private readonly (string Host, int Port)[] _seeds;

    private ClusterNodeSetup(ClusterNodeOptions options, (string Host, int Port)[] seeds, IReadOnlyList<string> roles)
    {
        _options = options;
        _seeds = seeds;
        Roles = roles;
    }

    public IReadOnlyList<string> Roles { get; }

    /// <exception cref="ArgumentException">An option is out of range, or a seed is not <c>host:port</c>.</exception>
    /// <exception cref="InvalidOperationException">A non-loopback hostname without a certificate.</exception>
    public static ClusterNodeSetup From(ClusterNodeOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Hostname, nameof(options.Hostname));
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "ClusterNodeOptions.Port is a TCP port: 0 (any free one) to 65535.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.WorkerProcesses, nameof(options.WorkerProcesses));
        if (options.Certificate is null && !IsLoopback(options.Hostname))
        {
            throw new InvalidOperationException(
                $"A cluster node listening on {options.Hostname} without TLS would let anyone who reaches that address join the cluster " +
                "and run code in it. Give ClusterNodeOptions.Certificate (the same ClusterCertificate on every node), or listen on 127.0.0.1 for a cluster on this machine only.");
        }

        var seeds = options.Seeds.Select(ParseSeed).ToArray();
        var roles = options.Roles.Count == 0 && options.WorkerProcesses > 0 ? ["worker"] : options.Roles.ToArray();
        return new ClusterNodeSetup(options, seeds, roles);
    }

    /// <summary>How many worker processes the node runs for each cluster pool (0: no agent).</summary>
    public int WorkerProcesses => _options.WorkerProcesses;

    /// <summary>The node's configuration: hostname, port, TLS and roles over the options' HOCON, hocon/cluster.conf and the system defaults.</summary>
    public Config Config()
    {
        var tls = _options.Certificate is not null;
        var node = $$"""
            akka.remote.dot-netty.tcp {
              hostname = "{{_options.Hostname}}"
              port = {{_options.Port.ToString(CultureInfo.InvariantCulture)}}
              enable-ssl = {{(tls ? "on" : "off")}}
            }
            akka.cluster.roles = [{{string.Join(", ", Roles.Select(r => $"\"{r}\""))}}]
            {{(tls ? "" : "actors.multiprocessing.tls = off")}}
            """;
        return ConfigurationFactory.ParseString(node)
            .WithFallback(ConfigurationFactory.ParseString(_options.Hocon ?? ""))
            .WithFallback(Runtime.ClusterDefaults);
    }

    /// <summary>Mutual TLS that presents the cluster certificate and accepts only it; null without a certificate.</summary>
    public DotNettySslSetup? Ssl() => _options.Certificate is { } certificate ? FamilyCertificate.For(certificate.Pkcs12).SslSetup() : null;

    /// <summary>Makes the cluster certificate this process family's, so that the node's workers authenticate with it.</summary>
    public void UseCertificate()
    {
        if (_options.Certificate is { } certificate)
        {
            FamilyCertificate.Use(certificate.Pkcs12);
        }
    }

    /// <summary>Creates the node's system (its name is every member's).</summary>
    public ActorSystem CreateSystem()
    {
        var setup = BootstrapSetup.Create().WithConfig(Config()).And(FamilyLogging.Filter);
        if (Ssl() is { } ssl)
        {
            setup = setup.And(ssl);
        }

        return ActorSystem.Create(SystemName, setup);
    }

    /// <summary>Joins the seeds, or forms the cluster when there are none (unless the HOCON names seed nodes).</summary>
    public void Join(Akka.Cluster.Cluster cluster)
    {
        if (_seeds.Length > 0)
        {
            // Seeds run a system of this node's name: Akka.Cluster joins only systems of one name.
            var self = cluster.SelfAddress;
            cluster.JoinSeedNodes(_seeds.Select(s => new Address(self.Protocol, self.System, s.Host, s.Port)));
        }
        else if (cluster.Settings.SeedNodes.Count == 0)
        {
            cluster.Join(cluster.SelfAddress);
        }
    }

    private static (string Host, int Port) ParseSeed(string seed)
    {
        var colon = seed?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"The seed '{seed}' is not host:port, such as 127.0.0.1:4053.", nameof(ClusterNodeOptions.Seeds));
        }

        return (seed![..colon], port);
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
