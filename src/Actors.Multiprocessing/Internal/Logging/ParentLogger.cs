using Actors.Multiprocessing.Internal.Child;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Logging;

/// <summary>
/// The logger of a child's ActorSystem (<c>akka.loggers</c>): each event at or above the child's log level
/// goes to the child's supervisor in the parent as a <see cref="ChildLog"/>, and the parent's loggers write it.
/// An event from before the child's transport is up goes to its stderr, which reaches the parent's console.
/// </summary>
internal sealed class ParentLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    // Akka's own loggers apply the system's LogFilterSetup; a custom logger applies it itself.
    private static readonly LogFilterEvaluator Filter = FamilyLogging.Filter.CreateEvaluator();
    private IActorRef? _supervisor;

    public ParentLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Forward);
    }

    private void Forward(LogEvent e)
    {
        if (!Filter.ShouldTryKeepMessage(e, out _))
        {
            return;
        }

        if (Supervisor() is { } supervisor)
        {
            supervisor.Tell(new ChildLog(e.LogLevel(), e.LogSource ?? "", e.Message?.ToString() ?? "", e.Cause?.ToString()));
        }
        else
        {
            Console.Error.WriteLine(e.ToString());
        }
    }

    /// <summary>Resolved at the first event: loggers start before the remote transport, which resolving needs.</summary>
    private IActorRef? Supervisor()
    {
        if (_supervisor is null && ChildHost.SupervisorPath is { } path && Context.System is ExtendedActorSystem system)
        {
            try
            {
                // A reference, not an ActorSelection: untrusted-mode drops selections from other systems.
                _supervisor = system.Provider.ResolveActorRef(path);
            }
            catch (NullReferenceException)
            {
                // Akka.Remote's provider before its transport has started.
            }
        }

        return _supervisor;
    }
}
