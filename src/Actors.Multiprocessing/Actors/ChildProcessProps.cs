using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Isolation;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing;

/// <summary>Process-isolated actors: Akka's <see cref="Props"/> whose actor lives in an OS process of its own.</summary>
public static class ChildProcessProps
{
    /// <summary>
    /// Props that start an OS child process and create this actor in it. The <see cref="IActorRef"/> that
    /// <c>ActorOf</c> returns works as a local child's: messages are buffered until the process is up and reach
    /// the actor in order, with their sender. The parent's <c>SupervisorStrategy</c> decides for the actor:
    /// an exception it throws arrives as its own type (with a <see cref="RemoteException"/> inside) and
    /// Restart, Resume and Stop act in the same process; the process dying arrives as a
    /// <see cref="ChildProcessExitedException"/>, and Restart then starts a new process. Stopping the actor, or
    /// its parent, or the ActorSystem ends the process and its tree. With <see cref="ChildProcessOptions.Role"/>
    /// the process runs on a cluster node of that role instead, and the node's loss counts as the process exiting.
    /// </summary>
    /// <exception cref="ArgumentException">The props name no actor type, or carry a router or deployment.</exception>
    /// <exception cref="TransferException">A constructor argument cannot live in another process.</exception>
    public static Props InChildProcess(this Props props, ChildProcessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (props.Type is null || !typeof(ActorBase).IsAssignableFrom(props.Type) || props.Type.IsAbstract)
        {
            throw new ArgumentException(
                $"Props of {(props.Type is null ? "no type" : TypeNames.Describe(props.Type))} name no actor a child process can create: use Props.Create<TActor>(...).", nameof(props));
        }

        if (props.RouterConfig is not Akka.Routing.NoRouter)
        {
            throw new ArgumentException("A router's props cannot move into a child process; put each routee in one instead.", nameof(props));
        }

        var arguments = props.Arguments ?? [];
        for (var i = 0; i < arguments.Length; i++)
        {
            TransferCodec.Current.SerializeChecked($"Constructor argument #{i} of {TypeNames.Describe(props.Type)}", arguments[i], arguments[i] ?? "");
        }

        var spec = new IsolatedActorSpec(MethodRef.QualifiedName(props.Type), TransferCodec.Current.Serialize(arguments), options ?? new ChildProcessOptions());
        return Props.Create(() => new ProcessActorProxy(spec));
    }
}
