namespace Actors.Multiprocessing;

/// <summary>
/// The OS process of a process-isolated actor ended (SIGKILL, <c>Environment.FailFast</c>, <c>Environment.Exit</c>,
/// out of memory) while the actor lived: its parent's <c>SupervisorStrategy</c> sees this exception, and Restart
/// starts a new process with a fresh actor.
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

    /// <summary>The OS process id that ended.</summary>
    public int Pid { get; }

    /// <summary>Its exit code, CPython style: -N when signal N ended it.</summary>
    public int ExitCode { get; }
}
