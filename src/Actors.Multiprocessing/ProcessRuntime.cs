using Actors.Multiprocessing.Internal;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace Actors.Multiprocessing;

/// <summary>
/// Where the library's actors live. By default it creates its own ActorSystem from hocon/ on first use;
/// an app that already runs Akka.NET hands its ActorSystem in instead.
/// </summary>
public static class ProcessRuntime
{
    /// <summary>
    /// The name of the library's <see cref="System.Diagnostics.Metrics.Meter"/>: children started and exited,
    /// warm hosts waiting, pool tasks and workers, queue depth and items moved. For example
    /// <c>dotnet-counters monitor -n MyApp --counters Actors.Multiprocessing</c>, or OpenTelemetry's <c>AddMeter(ProcessRuntime.MeterName)</c>.
    /// </summary>
    public const string MeterName = "Actors.Multiprocessing";

    /// <summary>
    /// The configuration of the ActorSystem the library creates: remoting on a random 127.0.0.1 port, Hyperion
    /// with its unsafe-type deny-list, and the <c>actors.multiprocessing</c> section. Use it (or parts of it)
    /// for a system you hand in, for example a TestKit's.
    /// </summary>
    public static Config DefaultConfig => Runtime.SystemDefaults;

    /// <summary>
    /// <see cref="DefaultConfig"/> with mutual TLS on this process family's certificate: create a system you
    /// hand in with it (for example <c>new TestKit(ProcessRuntime.DefaultSetup)</c>) so that children can
    /// authenticate to it.
    /// </summary>
    public static ActorSystemSetup DefaultSetup => Runtime.TlsSetup(Runtime.SystemDefaults);

    /// <summary>
    /// Sets HOCON that overrides the defaults of the ActorSystem the library creates, in this process and in
    /// every child it starts.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="hocon"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The library's ActorSystem has already been created.</exception>
    public static void Configure(Config hocon)
    {
        ArgumentNullException.ThrowIfNull(hocon);
        Runtime.Configure(hocon);
    }

    /// <summary>
    /// Makes the library live in <paramref name="system"/>: the supervisors of processes started from now on
    /// are its actors, and terminating it kills their children. It must run Akka.Remote (provider = remote)
    /// on a loopback address; with TLS on, it must have been created from <see cref="DefaultSetup"/>. A system
    /// without TLS makes the family run without it (and says so). Children start from the library's defaults.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The system does not run Akka.Remote, or runs TLS with another certificate.</exception>
    public static void UseActorSystem(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        Runtime.Use(system);
    }
}
