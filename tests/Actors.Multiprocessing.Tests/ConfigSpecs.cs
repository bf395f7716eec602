using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Pins the defaults in hocon/ (as Akka's RemoteConfigSpec pins Remote.conf).</summary>
public sealed class ConfigSpecs
{
    private readonly Akka.Configuration.Config _config = ProcessRuntime.DefaultConfig;

    [Fact]
    public void The_library_section_has_its_defaults()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), _config.GetTimeSpan("actors.multiprocessing.output-drain-timeout"));
        Assert.Equal(1, _config.GetInt("actors.multiprocessing.warm-hosts"));
        Assert.Equal(TimeSpan.FromMinutes(5), _config.GetTimeSpan("actors.multiprocessing.shared-memory-transfer-hold"));
    }

    [Fact]
    public void Remoting_listens_on_loopback_only_on_a_random_port()
    {
        Assert.Equal("remote", _config.GetString("akka.actor.provider"));
        Assert.Equal("127.0.0.1", _config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(0, _config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(64L * 1024 * 1024, _config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
    }

    [Fact]
    public void Hyperion_serializes_everything_and_refuses_unsafe_types()
    {
        Assert.Equal("hyperion", _config.GetString("akka.actor.serialization-bindings.\"System.Object\""));
        Assert.True(_config.GetBoolean("akka.actor.serialization-settings.hyperion.disallow-unsafe-type"));
    }

    [Fact]
    public void The_clr_exit_hook_is_left_to_the_library_and_the_log_is_off()
    {
        Assert.False(_config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
        Assert.Equal("OFF", _config.GetString("akka.loglevel"));
        Assert.False(_config.GetBoolean("akka.remote.log-remote-lifecycle-events"));
    }
}
