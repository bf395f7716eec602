using Akka.Configuration;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Logging;

/// <summary>
/// How the family logs: every system the library creates or sets up drops the transport's noise about members
/// that exit (<see cref="MemberExitNoise"/>), and a child's system logs only to its parent (<see cref="ParentLogger"/>),
/// whose supervisor actor writes each event to the parent's log, tagged with the child's name and pid.
/// </summary>
internal static class FamilyLogging
{
    /// <summary>The log filter of every family system: part of <see cref="ProcessRuntime.DefaultSetup"/>.</summary>
    public static LogFilterSetup Filter { get; } = new LogFilterBuilder().Add(new MemberExitNoise()).Build();

    /// <summary>Over a child's configuration: its events go to its parent's log, not to its own stdout.</summary>
    public static Config ChildConfig { get; } = ConfigurationFactory.ParseString(
        $"akka.loggers = [\"{typeof(ParentLogger).FullName}, {typeof(ParentLogger).Assembly.GetName().Name}\"]");
}
