using System.Reflection;
using Actors.Multiprocessing.Internal.Child;
using Actors.Multiprocessing.Internal.Logging;
using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.SharedMemory;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote;
using Akka.Remote.Transport.DotNetty;

namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The ActorSystem this process's library lives in (handed in by the user, or created from hocon/ on first
/// use), with what the library reads from it once: its remote address and settings. The settings (and the
/// <see cref="TransferCodec"/> they configure) are known before the system starts, so that a child reads its
/// target while its ActorSystem is still starting.
/// </summary>
internal sealed class Runtime
{
    private static readonly object Gate = new();
    private static volatile Runtime? _current;
    // Parsed when the system starts: a child gets its settings as bytes and may never start its system.
    private static Lazy<Config> _userConfig = new(() => Config.Empty);
    private static volatile MultiprocessingSettings? _settings;

    private static readonly Lazy<Config> LazyReference = new(() => Embedded("reference"));
    private static readonly Lazy<Config> LazySystemDefaults = new(() => Embedded("system").WithFallback(Reference));
    private static readonly Lazy<Config> LazyClusterDefaults = new(() => Embedded("cluster").WithFallback(SystemDefaults));

    private Runtime(ActorSystem system, Config userConfig, MultiprocessingSettings settings, FamilyCertificate? family)
    {
        if (system is not ExtendedActorSystem extended || extended.Provider is not IRemoteActorRefProvider)
        {
            throw new InvalidOperationException(
                $"ActorSystem '{system.Name}' does not run Akka.Remote; child processes connect back to it. " +
                "Set akka.actor.provider = remote with a loopback dot-netty.tcp hostname (ProcessRuntime.DefaultConfig has both).");
        }

        System = extended;
        UserConfig = userConfig;
        Family = family;
        Address = extended.Provider.DefaultAddress;
        Settings = settings;
        var serializer = new TransferSerializer(extended);
        extended.Serialization.AddSerializer("actors-multiprocessing", serializer);
        extended.Serialization.AddSerializationMap(typeof(IWireMessage), serializer);
        try
        {
            extended.SystemActorOf(Props.Create(() => new OwnerMail.Mailroom()), OwnerMail.MailroomName);
        }
        catch (InvalidActorNameException)
        {
            // A handed-in system used again: it has its mailroom already.
        }
    }

    /// <summary>hocon/reference.conf: the library's own section and the serializer settings it needs.</summary>
    public static Config Reference => LazyReference.Value;

    /// <summary>hocon/system.conf over the reference: the ActorSystem the library creates itself.</summary>
    public static Config SystemDefaults => LazySystemDefaults.Value;

    /// <summary>hocon/cluster.conf over the system defaults: a cluster node's ActorSystem.</summary>
    public static Config ClusterDefaults => LazyClusterDefaults.Value;

    /// <summary>
    /// The runtime of this process, creating the default ActorSystem on first use: in a child, that is the
    /// first call that needs an actor (a child that only runs its target, or uses queues, pipes and shared
    /// memory it was given, never starts one).
    /// </summary>
    public static Runtime Current
    {
        get
        {
            lock (Gate)
            {
                // A handed-in system that has been terminated takes the library with it; start over on our own.
                if (_current is { System.WhenTerminated.IsCompleted: true })
                {
                    _current = null;
                }

                if (_current is null)
                {
                    _current = Create(_userConfig.Value);
                    ChildHost.ReportReady(_current);
                }

                return _current;
            }
        }
    }

    /// <summary>Whether this process's library runs its ActorSystem yet (a child starts it on first need).</summary>
    public static bool IsStarted => _current is not null;

    public ExtendedActorSystem System { get; }

    /// <summary>The configuration the user gave (not the defaults): children start from it too.</summary>
    public Config UserConfig { get; }

    /// <summary>
    /// The settings of this process: the running system's, or those it will start with (a child reads them
    /// from its parent before its own system is up).
    /// </summary>
    public static MultiprocessingSettings CurrentSettings
    {
        // Read on hot paths (every put and send), so without the lock: both fields are replaced whole.
        get => _current?.Settings ?? _settings ?? InitialSettings();
    }

    /// <summary>The certificate children authenticate with; null when the family runs without TLS.</summary>
    public FamilyCertificate? Family { get; }

    public Address Address { get; }

    public MultiprocessingSettings Settings { get; }

    /// <summary>The setup of a family member's ActorSystem: the config, with mutual TLS on the family certificate.</summary>
    public static ActorSystemSetup TlsSetup(Config config) =>
        BootstrapSetup.Create()
            .WithConfig(ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = on").WithFallback(config))
            .And(FamilyCertificate.Current.SslSetup())
            .And(FamilyLogging.Filter);

    private static Runtime Create(Config userConfig)
    {
        LinuxOnly.EnsureSupported();
        var config = userConfig.WithFallback(SystemDefaults);
        var settings = new MultiprocessingSettings(config);
        Adopt(settings);
        if (settings.Tls)
        {
            return new Runtime(ActorSystem.Create("actors", TlsSetup(config)), userConfig, settings, FamilyCertificate.Current);
        }

        var system = ActorSystem.Create("actors", BootstrapSetup.Create().WithConfig(config).And(FamilyLogging.Filter));
        WarnTlsOff(system);
        return new Runtime(system, userConfig, settings, family: null);
    }

    /// <exception cref="InvalidOperationException">The system runs TLS, but not with the family certificate.</exception>
    public static void Use(ActorSystem system)
    {
        LinuxOnly.EnsureSupported();
        FamilyCertificate? family = null;
        if (system.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"))
        {
            var ssl = system.Settings.Setup.Get<DotNettySslSetup>();
            if (!ssl.HasValue || !FamilyCertificate.Current.IsUsedBy(ssl.Value))
            {
                throw new InvalidOperationException(
                    $"ActorSystem '{system.Name}' runs TLS with its own certificate, which children cannot present. " +
                    "Create it with ProcessRuntime.DefaultSetup (or add ProcessRuntime.DefaultSetup's DotNettySslSetup to your setup).");
            }

            family = FamilyCertificate.Current;
        }
        else
        {
            WarnTlsOff(system);
        }

        system.Settings.InjectTopLevelFallback(Reference);
        // Children start from the library's defaults under this system's own actors.multiprocessing section.
        var section = system.Settings.Config.GetConfig(MultiprocessingSettings.Path);
        var inherited = ConfigurationFactory.ParseString($"{MultiprocessingSettings.Path} {{\n{section.Root}\n}}");
        var runtime = new Runtime(system, inherited, new MultiprocessingSettings(system.Settings.Config), family);
        lock (Gate)
        {
            _current = runtime;
            Adopt(runtime.Settings);
        }
    }

    /// <exception cref="Akka.Configuration.ConfigurationException">A setting of the actors.multiprocessing section is out of range.</exception>
    public static void Configure(Config userConfig)
    {
        lock (Gate)
        {
            if (_current is not null)
            {
                throw new InvalidOperationException(
                    "The library's ActorSystem is already running; call ProcessRuntime.Configure before the first Process starts.");
            }

            Adopt(new MultiprocessingSettings(userConfig.WithFallback(SystemDefaults)));
            _userConfig = new Lazy<Config>(userConfig);
        }
    }

    /// <summary>
    /// In a child host: its parent's settings, and its parent's configuration as HOCON text, parsed only if
    /// this child starts its ActorSystem.
    /// </summary>
    public static void ConfigureChild(string userConfig, MultiprocessingSettings settings)
    {
        lock (Gate)
        {
            Adopt(settings);
            _userConfig = new Lazy<Config>(() => FamilyLogging.ChildConfig.WithFallback(ConfigurationFactory.ParseString(userConfig)));
        }
    }

    private static MultiprocessingSettings InitialSettings()
    {
        lock (Gate)
        {
            return _settings ??= new MultiprocessingSettings(SystemDefaults);
        }
    }

    /// <summary>Makes <paramref name="settings"/> (and the codec options among them) this process's.</summary>
    private static void Adopt(MultiprocessingSettings settings)
    {
        lock (Gate)
        {
            _settings = settings;
        }

        TransferCodec.Configure(settings);
    }

    /// <summary>Says once, in the root process, that the family runs unauthenticated (only when the user chose so).</summary>
    private static void WarnTlsOff(ActorSystem system)
    {
        if (ChildHost.IsChild)
        {
            return;
        }

        const string warning =
            "Actors.Multiprocessing: TLS is off (actors.multiprocessing.tls = off, or a handed-in ActorSystem without " +
            "enable-ssl). Any local user can connect to this process's loopback port and send it messages. Use this only " +
            "on a trusted single-user machine.";
        system.Log.Warning(warning);
        Console.Error.WriteLine($"warning: {warning}");
    }

    private static Config Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Actors.Multiprocessing.{name}.conf")
            ?? throw new InvalidOperationException($"hocon/{name}.conf is not embedded in Actors.Multiprocessing.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
