namespace Actors.Multiprocessing;

/// <summary>
/// The pool worker running a task died (killed, crashed, out of memory) before it reported the result, so
/// the task was lost. The pool itself goes on and starts a replacement; CPython's Pool hangs here instead
/// (gh-66587).
/// </summary>
public sealed class WorkerLostException : MultiprocessingException
{
    /// <summary>Creates the exception naming the lost worker.</summary>
    public WorkerLostException(int pid, int? exitCode, string message)
        : base(message)
    {
        Pid = pid;
        ExitCode = exitCode;
    }

    /// <summary>The OS process id of the worker that died.</summary>
    public int Pid { get; }

    /// <summary>The worker's exit code (-N for signal N); null when it could not be read.</summary>
    public int? ExitCode { get; }
}
