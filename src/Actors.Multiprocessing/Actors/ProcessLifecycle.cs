namespace Actors.Multiprocessing;

/// <summary>
/// Published on the supervising ActorSystem's EventStream when a child process has started (every
/// <see cref="Process"/>, pool worker and process-isolated actor): <c>system.EventStream.Subscribe(actor, typeof(ProcessStarted))</c>.
/// </summary>
/// <param name="Pid">The child's OS process id.</param>
/// <param name="Name">The child's name (<see cref="Process.Name"/>).</param>
public sealed record ProcessStarted(int Pid, string Name);

/// <summary>Published on the supervising ActorSystem's EventStream when a child process has exited, once its output is drained.</summary>
/// <param name="Pid">The child's OS process id.</param>
/// <param name="Name">The child's name (<see cref="Process.Name"/>).</param>
/// <param name="ExitCode">As <see cref="Process.ExitCode"/>: 0, the target's exit code, 1 for an exception, -N for signal N.</param>
public sealed record ProcessExited(int Pid, string Name, int ExitCode);
