using Actors.Multiprocessing.Internal.Clustering;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace Actors.Multiprocessing;

/// <summary>Akka.Hosting support: a hosted ActorSystem that is the process family's, as <see cref="ProcessRuntime.DefaultSetup"/> makes one.</summary>
public static class MultiprocessingHostingExtensions
{
    /// <summary>
    /// Makes the hosted ActorSystem the family's: remoting on a random loopback port, Hyperion, the family
    /// certificate with mutual TLS (unless <c>actors.multiprocessing.tls = off</c>), the library's settings
    /// (<paramref name="settings"/> over hocon/reference.conf), Akka's log at WARNING to Microsoft.Extensions.Logging,
    /// and, once the system runs, <see cref="ProcessRuntime.UseActorSystem"/>: children, pools and process-isolated
    /// actors are then supervised by it. HOCON the app prepends to the builder afterwards overrides all of this.
    /// </summary>
    /// <exception cref="ConfigurationException">A setting of the actors.multiprocessing section is out of range (when the system starts).</exception>
    public static AkkaConfigurationBuilder WithMultiprocessing(this AkkaConfigurationBuilder builder, Config? settings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = (settings ?? Config.Empty).WithFallback(ProcessRuntime.DefaultConfig);
        var ssl = config.GetBoolean("actors.multiprocessing.tls") ? ProcessRuntime.DefaultSetup.Get<DotNettySslSetup>().Value : null;
        return builder.AsFamily(config, ssl, system => ProcessRuntime.UseActorSystem(system));
    }

    /// <summary>
    /// Makes the hosted ActorSystem a cluster node, as <see cref="ClusterNode.Start"/> does with its own: the
    /// options' hostname, port, roles and seeds, mutual TLS on the cluster certificate, hocon/cluster.conf (split
    /// brain resolver, failure detector), and, once the system runs, the agent of a node with worker processes
    /// and the join. <see cref="ClusterNode.Current"/> is the node then. Every member's system must have the
    /// hosted system's name (<c>AddAkka("name", ...)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, or a seed is not <c>host:port</c>.</exception>
    /// <exception cref="InvalidOperationException">The hostname is not a loopback address and there is no certificate.</exception>
    public static AkkaConfigurationBuilder WithMultiprocessingCluster(this AkkaConfigurationBuilder builder, ClusterNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var node = ClusterNodeSetup.From(options);
        return builder.AsFamily(node.Config(), node.Ssl(), system => ClusterNode.Attach(system, node));
    }

    /// <summary>The hosted system with <paramref name="config"/>, TLS when <paramref name="ssl"/> is given, the family's logging, and <paramref name="adopt"/> at start.</summary>
    private static AkkaConfigurationBuilder AsFamily(this AkkaConfigurationBuilder builder, Config config, DotNettySslSetup? ssl, Action<ActorSystem> adopt)
    {
        builder.AddHocon(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(config), HoconAddMode.Prepend);
        if (ssl is not null)
        {
            builder.AddHocon(ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = on"), HoconAddMode.Prepend);
            builder.AddSetup(ssl);
        }

        // The transport's noise about members that exit stays out of the app's log, as with DefaultSetup.
        builder.AddSetup(ProcessRuntime.DefaultSetup.Get<LogFilterSetup>().Value);
        builder.ConfigureLoggers(loggers => loggers.AddLoggerFactory());
        builder.AddStartup((system, _) =>
        {
            adopt(system);
            return Task.CompletedTask;
        });
        return builder;
    }
}
