using System.Linq.Expressions;
using Actors.Multiprocessing.Internal.SharedMemory;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// The one way a child comes to life (<see cref="Process.Start"/>): the target is serialized here, in the
/// caller, a supervisor actor is made for the child, and the bootstrap goes to a warm host when one is ready
/// (<see cref="WarmHosts"/>) or to a host started now. From there the child is <see cref="ChildHost"/>, and
/// its exit code comes back through <see cref="ChildProcess.Exited"/>.
/// </summary>
internal static class ChildLauncher
{
    /// <summary>Starts a child that runs <paramref name="target"/> and returns its OS process with the supervisor that owns it.</summary>
    /// <exception cref="TransferException">The target is not one call, or its instance or an argument cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The supervising ActorSystem stopped while the child was starting.</exception>
    public static LaunchedChild Launch(LambdaExpression target, ChildIdentity identity)
    {
        var runtime = Runtime.Current;
        using var launching = SegmentTransfer.Launching();
        var payload = TargetCodec.Encode(TargetCompiler.Compile(target));
        var slot = new ChildSlot();
        var supervisor = runtime.System.ActorOf(
            ProcessSupervisor.Props(identity.Name, slot), $"process-{identity.Identity.Replace(':', '-')}");
        ChildProcess child;
        try
        {
            var bootstrap = identity.Bootstrap(supervisor.Path.ToStringWithAddress(runtime.Address), payload);
            child = WarmHosts.Assign(runtime, bootstrap) ?? ChildProcess.Spawn(runtime, bootstrap);
        }
        catch
        {
            runtime.System.Stop(supervisor);
            throw;
        }

        if (!slot.TryAttach(child))
        {
            child.Abandon();
            throw new InvalidOperationException(
                $"ActorSystem '{runtime.System.Name}', which supervises children, stopped while process '{identity.Name}' was starting, so the process was not started; " +
                "start processes before the system shuts down.");
        }

        // The child holds the shared memory of its target from now on; it has nothing to tell the owners itself.
        launching.Settle(child.Pid);
        supervisor.Tell(new ProcessSupervisor.Launched(child));
        ExitRules.Install(ExitWork.Children);
        return new LaunchedChild(child, supervisor);
    }
}

/// <summary>A started child: its OS process (exit code, pid) and the supervisor actor that owns it and takes its signals.</summary>
internal sealed record LaunchedChild(ChildProcess Os, IActorRef Supervisor);
