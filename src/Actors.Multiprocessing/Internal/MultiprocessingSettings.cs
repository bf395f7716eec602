using Akka.Configuration;

namespace Actors.Multiprocessing.Internal;

/// <summary>The <c>actors.multiprocessing</c> section of the configuration, read once (hocon/reference.conf).</summary>
internal sealed class MultiprocessingSettings
{
    public MultiprocessingSettings(Config section)
    {
        StartTimeout = section.GetTimeSpan("start-timeout", null, allowInfinite: false);
        OutputDrainTimeout = section.GetTimeSpan("output-drain-timeout", null, allowInfinite: false);
    }

    public TimeSpan StartTimeout { get; }

    public TimeSpan OutputDrainTimeout { get; }
}
