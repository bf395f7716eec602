namespace Actors.Multiprocessing;

/// <summary>
/// The OS process of a process-isolated actor ended (SIGKILL, <c>Environment.FailFast</c>, <c>Environment.Exit</c>,
/// out of memory), or the cluster node it ran on was lost, while the actor lived: its parent's
/// <c>SupervisorStrategy</c> sees this exception, and Restart starts a new process with a fresh actor.
/// </summary>
public sealed class ChildProcessExitedException : MultiprocessingException
{
    /// <summary>Creates the exception naming the process and how it ended.</summary>
    public ChildProcessExitedException(string actor, int pid, int exitCode)
        : base($"The process of actor {actor} (pid {pid}) exited with code {exitCode}{(exitCode < 0 ? $" (signal {-exitCode})" : "")}.")
    {
        Pid = pid;
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception for a process whose cluster node was lost: how it ended is unknown.</summary>
    public ChildProcessExitedException(string actor, int pid, string node, string reason)
        : base($"The process of actor {actor} (pid {pid} on {node}) is gone with its node: {reason}.")
    {
        Pid = pid;
        Node = node;
    }

    /// <summary>The OS process id that ended (on its node's host when <see cref="Node"/> is set).</summary>
    public int Pid { get; }

    /// <summary>Its exit code, CPython style: -N when signal N ended it; null when its node was lost.</summary>
    public int? ExitCode { get; }

    /// <summary>The cluster node it ran on, when it ran on one (<see cref="ChildProcessOptions.Role"/>).</summary>
    public string? Node { get; }
}
