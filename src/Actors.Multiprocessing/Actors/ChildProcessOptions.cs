namespace Actors.Multiprocessing;

/// <summary>How a process-isolated actor's OS process is run (<see cref="ChildProcessProps.InChildProcess"/>).</summary>
/// <param name="Name">The child process's name (<see cref="Process.Name"/>); null names it after the actor.</param>
/// <param name="RestartDeadProcess">
/// Whether a Restart decided for a process that died starts a new process with a fresh actor (the default);
/// when false, the actor stops instead, as if the decision had been Stop.
/// </param>
/// <param name="Role">
/// Null: the process is a child of this one. A cluster role: the process runs on a node of that role (one
/// started with <see cref="ClusterNodeOptions.WorkerProcesses"/>), chosen in turn among the reachable ones,
/// and this process must be a <see cref="ClusterNode"/>. Messages wait until one is up. The node's loss counts
/// as the process exiting (<see cref="ChildProcessExitedException.Node"/>), and a Restart places the new
/// process on a node that is still there.
/// </param>
public sealed record ChildProcessOptions(string? Name = null, bool RestartDeadProcess = true, string? Role = null);
