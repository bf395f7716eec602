using System.Reflection;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;

namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The ActorSystem this process's library lives in (handed in by the user, or created from hocon/ on first
/// use), with what the library reads from it once: its remote address, settings and <see cref="Transfer"/>.
/// </summary>
internal sealed class Runtime
{
    private static readonly object Gate = new();
    private static Runtime? _current;
    private static Config _userConfig = Config.Empty;

    private Runtime(ActorSystem system, Config userConfig)
    {
        if (system is not ExtendedActorSystem extended || extended.Provider is not IRemoteActorRefProvider)
        {
            throw new InvalidOperationException(
                $"ActorSystem '{system.Name}' does not run Akka.Remote; child processes connect back to it. " +
                "Set akka.actor.provider = remote with a loopback dot-netty.tcp hostname (ProcessRuntime.DefaultConfig has both).");
        }

        system.Settings.InjectTopLevelFallback(Reference);
        System = extended;
        UserConfig = userConfig;
        Address = extended.Provider.DefaultAddress;
        Settings = new MultiprocessingSettings(system.Settings.Config.GetConfig("actors.multiprocessing"));
        Transfer = new Transfer(extended);
    }

    /// <summary>hocon/reference.conf: the library's own section and the serializer settings it needs.</summary>
    public static Config Reference { get; } = Embedded("reference");

    /// <summary>hocon/system.conf over the reference: the ActorSystem the library creates itself.</summary>
    public static Config SystemDefaults { get; } = Embedded("system").WithFallback(Reference);

    /// <summary>The runtime of this process, creating the default ActorSystem on first use.</summary>
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

                return _current ??= Create(_userConfig);
            }
        }
    }

    public ExtendedActorSystem System { get; }

    /// <summary>The configuration the user gave (not the defaults): children start from it too.</summary>
    public Config UserConfig { get; }

    public Address Address { get; }

    public MultiprocessingSettings Settings { get; }

    public Transfer Transfer { get; }

    public static Runtime Create(Config userConfig) =>
        new(ActorSystem.Create("actors", userConfig.WithFallback(SystemDefaults)), userConfig);

    public static void Use(ActorSystem system)
    {
        var runtime = new Runtime(system, Config.Empty);
        lock (Gate)
        {
            _current = runtime;
        }
    }

    public static void Configure(Config userConfig)
    {
        lock (Gate)
        {
            if (_current is not null)
            {
                throw new InvalidOperationException(
                    "The library's ActorSystem is already running; call ProcessRuntime.Configure before the first Process starts.");
            }

            _userConfig = userConfig;
        }
    }

    /// <summary>Installs the runtime of a child process, made by its host before the target runs.</summary>
    public static void Install(Runtime runtime)
    {
        lock (Gate)
        {
            _current = runtime;
        }
    }

    private static Config Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Actors.Multiprocessing.{name}.conf")
            ?? throw new InvalidOperationException($"hocon/{name}.conf is not embedded in Actors.Multiprocessing.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
