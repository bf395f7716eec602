using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Isolation;

/// <summary>
/// The OS process a process-isolated actor lives in, as its proxy sees it: a child of this process
/// (<see cref="LocalActorProcess"/>) or a process a cluster node runs for it (<see cref="NodeActorProcess"/>).
/// Its end reaches the proxy as an <see cref="ActorProcessEnded"/>.
/// </summary>
internal abstract class ActorProcess
{
    public abstract int Pid { get; }

    public abstract bool IsAlive { get; }

    /// <summary>
    /// Starts it for <paramref name="proxy"/>, which hears of its end (the proxy's reference outlives its
    /// restarts); false when there is nowhere to start it yet (no node of its role is up).
    /// </summary>
    public abstract bool Start(ActorSystem system, IActorRef proxy, IsolatedActorSpec spec, string name);

    public abstract void Terminate();
}

/// <summary>The actor's process ended: its exit, or the loss of its node (then <paramref name="Exception"/> says so).</summary>
internal sealed record ActorProcessEnded(ActorProcess Process, ChildProcessExitedException Exception);

/// <summary>A process-isolated actor's process that is a child of this process.</summary>
internal sealed class LocalActorProcess : ActorProcess
{
    private Process? _process;

    public override int Pid => _process?.Pid ?? 0;

    public override bool IsAlive => _process is { IsAlive: true };

    public override bool Start(ActorSystem system, IActorRef proxy, IsolatedActorSpec spec, string name)
    {
        var (type, arguments) = (spec.ActorType, spec.Arguments);
        var process = new Process(() => ActorHost.Run(proxy, type, arguments), name, daemon: true);
        process.Start();
        _process = process;
        process.JoinAsync().ContinueWith(
            _ => new ActorProcessEnded(this, new ChildProcessExitedException(proxy.Path.ToString(), process.Pid ?? 0, process.ExitCode ?? 0)),
            TaskScheduler.Default).PipeTo(proxy);
        return true;
    }

    public override void Terminate() => _process?.Terminate();
}
