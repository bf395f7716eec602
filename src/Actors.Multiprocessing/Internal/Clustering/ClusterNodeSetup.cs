using System.Globalization;
using System.Net;
using Actors.Multiprocessing.Internal.Logging;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace Actors.Multiprocessing.Internal.Clustering;

/// <summary><see cref="ClusterNodeOptions"/>, checked, as the configuration and setup of a node's ActorSystem.</summary>
internal sealed class ClusterNodeSetup
{
    /// <summary>Every member's ActorSystem has this name: Akka.Cluster joins only systems of one name.</summary>
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

    /// <summary>Creates the node's system: mutual TLS on the cluster certificate, which also becomes its family's.</summary>
    public ActorSystem CreateSystem()
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
        var config = ConfigurationFactory.ParseString(node)
            .WithFallback(ConfigurationFactory.ParseString(_options.Hocon ?? ""))
            .WithFallback(Runtime.ClusterDefaults);
        var setup = BootstrapSetup.Create().WithConfig(config).And(FamilyLogging.Filter);
        if (_options.Certificate is { } certificate)
        {
            FamilyCertificate.Use(certificate.Pkcs12);
            setup = setup.And(FamilyCertificate.Current.SslSetup());
        }

        return ActorSystem.Create(SystemName, setup);
    }

    /// <summary>Joins the seeds, or forms the cluster when there are none (unless the HOCON names seed nodes).</summary>
    public void Join(Akka.Cluster.Cluster cluster)
    {
        if (_seeds.Length > 0)
        {
            var protocol = cluster.SelfAddress.Protocol;
            cluster.JoinSeedNodes(_seeds.Select(s => new Address(protocol, SystemName, s.Host, s.Port)));
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
