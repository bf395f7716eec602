using Akka.Configuration;

namespace Actors.Multiprocessing.Internal;

/// <summary>The <c>actors.multiprocessing</c> section of the configuration, read once (hocon/reference.conf).</summary>
internal sealed class MultiprocessingSettings
{
    public MultiprocessingSettings(Config section)
    {
        OutputDrainTimeout = section.GetTimeSpan("output-drain-timeout", null, allowInfinite: false);
        WarmHosts = section.GetInt("warm-hosts");
        SharedMemoryTransferHold = section.GetTimeSpan("shared-memory-transfer-hold", null, allowInfinite: false);
        if (WarmHosts < 0)
        {
            throw new Akka.Configuration.ConfigurationException($"actors.multiprocessing.warm-hosts is {WarmHosts}; it must be 0 (off) or more.");
        }
    }

    public TimeSpan OutputDrainTimeout { get; }

    /// <summary>How many child hosts are kept started and waiting for a target; 0 starts every child cold.</summary>
    public int WarmHosts { get; }

    /// <summary>How long a serialized shared-memory handle keeps its segment's file for a receiver that has not read it yet.</summary>
    public TimeSpan SharedMemoryTransferHold { get; }
}
