using Akka.Configuration;

namespace Actors.Multiprocessing.Internal;

/// <summary>The <c>actors.multiprocessing</c> section of the configuration, read once (hocon/reference.conf).</summary>
internal sealed class MultiprocessingSettings
{
    public MultiprocessingSettings(Config section)
    {
        OutputDrainTimeout = section.GetTimeSpan("output-drain-timeout", null, allowInfinite: false);
    }

    public TimeSpan OutputDrainTimeout { get; }
}
