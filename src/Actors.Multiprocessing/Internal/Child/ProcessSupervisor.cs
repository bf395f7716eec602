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
/// the EventStream.
/// </summary>
internal sealed class ProcessSupervisor : ReceiveActor, IWithUnboundedStash
{
    private readonly string _name;
    private readonly ChildSlot _slot;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ChildProcess? _child;

    public ProcessSupervisor(string name, ChildSlot slot)
    {
        _name = name;
        _slot = slot;
        Receive<Launched>(launched =>
        {
            _child = launched.Child;
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
            }
            else
            {
                _log.Warning("Ignored a ChildReady for {0} from pid {1}: the child is pid {2}.", _name, ready.Pid, _child.Pid);
            }
        });
        Receive<SignalChild>(signal => _child!.Signal(signal.Signal));
        Receive<ChildExited>(exited =>
        {
            Context.System.EventStream.Publish(new ProcessExited(_child!.Pid, _name, exited.ExitCode));
            Context.Stop(Self);
        });
    }

    /// <summary>The OS process of the child exists and is attached to the slot; sent right after it was spawned.</summary>
    internal sealed record Launched(ChildProcess Child);

    /// <summary>Terminate or Kill: sends the signal to the child's process tree, unless it has exited.</summary>
    internal sealed record SignalChild(int Signal);

    private sealed record ChildExited(int ExitCode);
}
