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
        builder.AddHocon(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(config), HoconAddMode.Prepend);
        if (config.GetBoolean("actors.multiprocessing.tls"))
        {
            builder.AddHocon(ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = on"), HoconAddMode.Prepend);
            builder.AddSetup(ProcessRuntime.DefaultSetup.Get<DotNettySslSetup>().Value);
        }

        // The transport's noise about members that exit stays out of the app's log, as with DefaultSetup.
        builder.AddSetup(ProcessRuntime.DefaultSetup.Get<LogFilterSetup>().Value);
        builder.ConfigureLoggers(loggers => loggers.AddLoggerFactory());
        builder.AddStartup((system, _) =>
        {
            ProcessRuntime.UseActorSystem(system);
            return Task.CompletedTask;
        });
        return builder;
    }
}
