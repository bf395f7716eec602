using Actors.Multiprocessing.Internal;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Pins the defaults in hocon/ (as Akka's RemoteConfigSpec pins Remote.conf).</summary>
public sealed class ConfigSpecs
{
    private readonly Akka.Configuration.Config _config = ProcessRuntime.DefaultConfig;

    [Fact]
    public void The_library_section_has_its_defaults_and_they_are_read_into_the_settings()
    {
        var settings = new MultiprocessingSettings(_config);

        Assert.Equal(TimeSpan.FromSeconds(2), settings.OutputDrainTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.OutputPartialLineWait);
        Assert.Equal(2, settings.WarmHosts);
        Assert.Equal(8, settings.WarmHostsMax);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.WarmHostsIdle);
        Assert.True(settings.Tls);
        Assert.Equal(TimeSpan.FromMilliseconds(200), settings.PidWatchInterval);
        Assert.False(settings.FullStackTraces);
        Assert.True(settings.DisallowUnsafeTypes);
        Assert.Equal(32 * 1024, settings.SpillSize);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.PeerCheckInterval);
        Assert.Equal(256 * 1024, settings.RingSize);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.RemoteWaitSlice);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.SharedMemoryTransferHold);
        Assert.Equal("auto", settings.SharedMemoryDomain);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.RemoteLease);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ExitFlushTimeout);
        Assert.Equal(
            new PoolTuning(
                DispatchAhead: TimeSpan.FromMilliseconds(5),
                MaxTasksAhead: 1024,
                PipelineBelow: TimeSpan.FromMilliseconds(100),
                StallAfter: TimeSpan.FromMilliseconds(50),
                OutcomeBatch: 256,
                OutcomeDelay: TimeSpan.FromMilliseconds(1),
                BootFailureLimit: 3,
                RouterTimeout: TimeSpan.FromSeconds(30)),
            settings.Pool);
    }

    [Fact]
    public void A_child_receives_every_setting_of_its_parent_as_bytes()
    {
        // Every value differs from its default, so a setting the bytes forget comes back different.
        var changed = Akka.Configuration.ConfigurationFactory.ParseString(
            """
            actors.multiprocessing {
              output-drain-timeout = 3s, output-partial-line-wait = 51ms, warm-hosts = 3, warm-hosts-max = 9, warm-hosts-idle = 6s, tls = off
              pid-watch-interval = 201ms, full-stack-traces = on, transfer { disallow-unsafe-types = off, spill-size = 33KiB }
              channels { peer-check-interval = 251ms, ring-size = 512KiB, remote-wait-slice = 6s }
              shared-memory { transfer-hold = 6m, domain = "host-b", remote-lease = 16s }
              exit-flush-timeout = 6s
              pool { dispatch-ahead = 6ms, max-tasks-ahead = 1025, pipeline-below = 101ms, stall-after = 51ms
                     outcome-batch = 257, outcome-delay = 2ms, boot-failure-limit = 4, router-timeout = 31s }
            }
            """);
        var settings = new MultiprocessingSettings(changed.WithFallback(_config));
        var defaults = new MultiprocessingSettings(_config);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            settings.WriteTo(writer);
        }

        stream.Position = 0;
        var read = MultiprocessingSettings.ReadFrom(new BinaryReader(stream));

        Assert.Equal(settings, read);
        foreach (var property in typeof(MultiprocessingSettings).GetProperties())
        {
            Assert.NotEqual(property.GetValue(defaults), property.GetValue(settings));
        }
    }

    [Theory]
    [InlineData("warm-hosts = -1", "actors.multiprocessing.warm-hosts")]
    [InlineData("pid-watch-interval = 0s", "actors.multiprocessing.pid-watch-interval")]
    [InlineData("pool.boot-failure-limit = 0", "actors.multiprocessing.pool.boot-failure-limit")]
    [InlineData("channels.ring-size = 1KiB", "actors.multiprocessing.channels.ring-size")]
    [InlineData("shared-memory.domain = \"\"", "actors.multiprocessing.shared-memory.domain")]
    [InlineData("shared-memory.remote-lease = 10s", "actors.multiprocessing.shared-memory.remote-lease")]
    public void A_setting_out_of_range_fails_naming_it(string hocon, string key)
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString($"actors.multiprocessing.{hocon}").WithFallback(_config);

        var e = Assert.Throws<Akka.Configuration.ConfigurationException>(() => new MultiprocessingSettings(config));

        Assert.Contains(key, e.Message);
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
    public void Hyperion_serializes_everything_and_the_transfer_codec_refuses_unsafe_types()
    {
        Assert.Equal("hyperion", _config.GetString("akka.actor.serialization-bindings.\"System.Object\""));
        Assert.True(_config.GetBoolean("actors.multiprocessing.transfer.disallow-unsafe-types"));
    }

    [Fact]
    public void The_clr_exit_hook_is_left_to_the_library_and_the_log_is_at_warning()
    {
        Assert.False(_config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
        Assert.Equal("WARNING", _config.GetString("akka.loglevel"));
        Assert.False(_config.GetBoolean("akka.remote.log-remote-lifecycle-events"));
    }
}
