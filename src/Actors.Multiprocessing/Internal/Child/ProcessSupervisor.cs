using Actors.Multiprocessing.Internal.Metrics;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// One per started child, in the parent's ActorSystem: owns the child's OS process, hears from the child host
/// if and when its ActorSystem starts (<see cref="ChildReady"/>; a child starts it on first need), and stops when the child's OS process exits: that exit is the
/// signal of its death, at once and with the exit code. Remote DeathWatch is not used, because the family's
/// systems run untrusted-mode, which drops Watch from other systems (hocon/system.conf says why). If the
/// supervisor stops first (its ActorSystem is shutting down), the child it owns is killed: no process
/// outlives its owner. Terminate and Kill reach the child through it (<see cref="SignalChild"/>). It publishes the child's <see cref="ProcessStarted"/> and <see cref="ProcessExited"/> on
/// the EventStream, writes the events of the child's own Akka log to this system's log, and logs an exit
/// with a non-zero code that no Terminate or Kill caused as a warning.
/// </summary>
internal sealed class ProcessSupervisor : ReceiveActor, IWithUnboundedStash
{
    private readonly string _name;
    private readonly ChildSlot _slot;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ChildProcess? _child;
    private bool _signalled;

    public ProcessSupervisor(string name, ChildSlot slot)
    {
        _name = name;
        _slot = slot;
        Receive<Launched>(launched =>
        {
            _child = launched.Child;
            _log.Debug("Started {0} (pid {1}).", _name, _child.Pid);
            LibraryMeter.ChildStarted();
            Context.System.EventStream.Publish(new ProcessStarted(_child.Pid, _name));
            _child.Exited.PipeTo(Self, success: code => new ChildExited(code), failure: _ => new ChildExited(-1));
            Become(Running);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(string name, ChildSlot slot) =>
        Akka.Actor.Props.Create(() => new ProcessSupervisor(name, slot));

    protected override void PostStop() => _slot.Close();

    private void Running()
    {
        Receive<ChildReady>(ready =>
        {
            if (ready.Pid == _child!.Pid)
            {
                _log.Debug("The host of {0} (pid {1}) is up and connected.", _name, ready.Pid);
                // The child waits for this answer before it announces anything of its system (ChildHost.ReportReady).
                Sender.Tell(ready);
            }
            else
            {
                _log.Warning("Ignored a ChildReady for {0} from pid {1}: the child is pid {2}.", _name, ready.Pid, _child.Pid);
            }
        });
        Receive<ChildLog>(Relay);
        Receive<SignalChild>(signal =>
        {
            _log.Debug("Sending signal {0} to {1} (pid {2}) and its descendants.", signal.Signal, _name, _child!.Pid);
            _signalled = true;
            _child.Signal(signal.Signal);
        });
        Receive<ChildExited>(exited =>
        {
            // A non-zero exit nobody asked for is news; Terminate, Kill and this process's own exit are not.
            if (exited.ExitCode != 0 && !_signalled && !ExitRules.Exiting)
            {
                _log.Warning("Process {0} (pid {1}) exited with code {2}.", _name, _child!.Pid, exited.ExitCode);
            }
            else
            {
                _log.Debug("Process {0} (pid {1}) exited with code {2}.", _name, _child!.Pid, exited.ExitCode);
            }

            LibraryMeter.ChildExited(exited.ExitCode);
            Context.System.EventStream.Publish(new ProcessExited(_child.Pid, _name, exited.ExitCode));
            Context.Stop(Self);
        });
    }

    /// <summary>An event of the child's own Akka log, written to this system's log with the child's name and pid.</summary>
    private void Relay(ChildLog log)
    {
        var text = log.Cause is null ? log.Message : $"{log.Message}{Environment.NewLine}Cause: {log.Cause}";
        text = $"[{_name} pid {_child!.Pid}] {log.Source}: {text}";
        // As a parameter, never as the format: the child's text may hold braces.
        switch (log.Level)
        {
            case LogLevel.ErrorLevel:
                _log.Error("{0}", text);
                break;
            case LogLevel.WarningLevel:
                _log.Warning("{0}", text);
                break;
            case LogLevel.InfoLevel:
                _log.Info("{0}", text);
                break;
            default:
                _log.Debug("{0}", text);
                break;
        }
    }

    /// <summary>The OS process of the child exists and is attached to the slot; sent right after it was spawned.</summary>
    internal sealed record Launched(ChildProcess Child);

    /// <summary>Terminate or Kill: sends the signal to the child's process tree, unless it has exited.</summary>
    internal sealed record SignalChild(int Signal);

    private sealed record ChildExited(int ExitCode);
}
