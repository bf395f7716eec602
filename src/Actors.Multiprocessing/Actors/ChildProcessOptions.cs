namespace Actors.Multiprocessing;

/// <summary>How a process-isolated actor's OS process is run (<see cref="ChildProcessProps.InChildProcess"/>).</summary>
/// <param name="Name">The child process's name (<see cref="Process.Name"/>); null names it after the actor.</param>
/// <param name="RestartDeadProcess">
/// Whether a Restart decided for a process that died starts a new process with a fresh actor (the default);
/// when false, the actor stops instead, as if the decision had been Stop.
/// </param>
public sealed record ChildProcessOptions(string? Name = null, bool RestartDeadProcess = true);
