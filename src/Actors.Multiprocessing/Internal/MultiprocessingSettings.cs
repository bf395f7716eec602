using Akka.Configuration;

namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The <c>actors.multiprocessing</c> section of the configuration, read once and checked
/// (hocon/reference.conf documents every setting). Every tunable of the library is read from here. A child
/// receives its parent's as bytes (<see cref="WriteTo"/>), so that it reads no HOCON before its target runs.
/// </summary>
internal sealed partial record MultiprocessingSettings
{
    public const string Path = "actors.multiprocessing";

    private const long MinRingSize = 4 << 10;
    private const long MaxRingSize = 1L << 30;

    /// <exception cref="ConfigurationException">A setting is out of range; the message names it.</exception>
    public MultiprocessingSettings(Config config)
    {
        var section = config.GetConfig(Path) ?? throw new ConfigurationException($"The configuration has no {Path} section.");
        OutputDrainTimeout = Positive(section, "output-drain-timeout");
        OutputPartialLineWait = Positive(section, "output-partial-line-wait");
        WarmHosts = AtLeast(section, "warm-hosts", 0);
        WarmHostsMax = AtLeast(section, "warm-hosts-max", 0);
        WarmHostsIdle = Positive(section, "warm-hosts-idle");
        Tls = section.GetBoolean("tls");
        PidWatchInterval = Positive(section, "pid-watch-interval");
        FullStackTraces = section.GetBoolean("full-stack-traces");
        DisallowUnsafeTypes = section.GetBoolean("transfer.disallow-unsafe-types");
        SpillSize = (int)Math.Clamp(section.GetByteSize("transfer.spill-size") ?? 0, 0, int.MaxValue);
        PeerCheckInterval = Positive(section, "channels.peer-check-interval");
        RingSize = section.GetByteSize("channels.ring-size") is { } ring and >= MinRingSize and <= MaxRingSize
            ? ring
            : throw new ConfigurationException($"{Path}.channels.ring-size is {section.GetString("channels.ring-size")}; it must be between 4KiB and 1GiB.");
        RemoteWaitSlice = Positive(section, "channels.remote-wait-slice");
        SharedMemoryTransferHold = Positive(section, "shared-memory.transfer-hold");
        SharedMemoryDomain = section.GetString("shared-memory.domain") is { Length: > 0 } domain
            ? domain
            : throw new ConfigurationException($"{Path}.shared-memory.domain is empty; it must be auto, or the name of this host's shared memory.");
        RemoteLease = Positive(section, "shared-memory.remote-lease") is var lease && lease > 2 * RemoteWaitSlice
            ? lease
            : throw new ConfigurationException($"{Path}.shared-memory.remote-lease is {section.GetString("shared-memory.remote-lease")}; it must be more than twice channels.remote-wait-slice ({section.GetString("channels.remote-wait-slice")}).");
        ExitFlushTimeout = Positive(section, "exit-flush-timeout");
        Pool = new PoolTuning(
            DispatchAhead: Positive(section, "pool.dispatch-ahead"),
            MaxTasksAhead: AtLeast(section, "pool.max-tasks-ahead", 2),
            PipelineBelow: Positive(section, "pool.pipeline-below"),
            StallAfter: Positive(section, "pool.stall-after"),
            OutcomeBatch: AtLeast(section, "pool.outcome-batch", 1),
            OutcomeDelay: Positive(section, "pool.outcome-delay"),
            BootFailureLimit: AtLeast(section, "pool.boot-failure-limit", 1),
            RouterTimeout: Positive(section, "pool.router-timeout"));
    }

    public TimeSpan OutputDrainTimeout { get; init; }

    public TimeSpan OutputPartialLineWait { get; init; }

    /// <summary>How many child hosts are kept started and waiting for a target; 0 starts every child cold.</summary>
    public int WarmHosts { get; init; }

    /// <summary>How many child hosts a burst of starts may keep waiting (never fewer than <see cref="WarmHosts"/>).</summary>
    public int WarmHostsMax { get; init; }

    /// <summary>How long without a start before the hosts beyond <see cref="WarmHosts"/> retire.</summary>
    public TimeSpan WarmHostsIdle { get; init; }

    /// <summary>Whether the family authenticates with mutual TLS on its certificate.</summary>
    public bool Tls { get; init; }

    public TimeSpan PidWatchInterval { get; init; }

    /// <summary>Whether a child's stack traces keep the library's and reflection's frames (off: only the user's code).</summary>
    public bool FullStackTraces { get; init; }

    public bool DisallowUnsafeTypes { get; init; }

    /// <summary>Payloads from this size on travel through a file in /dev/shm instead of the actor message.</summary>
    public int SpillSize { get; init; }

    public TimeSpan PeerCheckInterval { get; init; }

    /// <summary>The bytes of each queue's (and each pipe direction's) ring in shared memory.</summary>
    public long RingSize { get; init; }

    /// <summary>The longest a call from another host waits at a channel's owner before it is answered and asked again.</summary>
    public TimeSpan RemoteWaitSlice { get; init; }

    /// <summary>How long a shared segment sent to another process is kept for it at most, before it reads it.</summary>
    public TimeSpan SharedMemoryTransferHold { get; init; }

    /// <summary>auto, or the name of the shared-memory domain this process is in (see <see cref="SharedMemory.MemoryDomain"/>).</summary>
    public string SharedMemoryDomain { get; init; }

    /// <summary>How long a holder or caller on another host may be silent before it is given up (and it gives up).</summary>
    public TimeSpan RemoteLease { get; init; }

    /// <summary>At exit, how long a process waits for owners to take its unwritten items and to hear what shared memory it held.</summary>
    public TimeSpan ExitFlushTimeout { get; init; }

    public PoolTuning Pool { get; init; }

    private static TimeSpan Positive(Config section, string key)
    {
        var value = section.GetTimeSpan(key, null, allowInfinite: false);
        return value > TimeSpan.Zero
            ? value
            : throw new ConfigurationException($"{Path}.{key} is {value}; it must be a positive duration, such as 250ms.");
    }

    private static int AtLeast(Config section, string key, int least)
    {
        var value = section.GetInt(key);
        return value >= least
            ? value
            : throw new ConfigurationException($"{Path}.{key} is {value}; it must be {least} or more.");
    }
}
