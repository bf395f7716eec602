using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Xunit.Abstractions;

namespace Actors.Multiprocessing;

/// <summary>
/// An Akka TestKit (xUnit v2) for specs of code that starts child processes: its system is the process
/// family's (<see cref="ProcessRuntime.DefaultSetup"/>, handed to the library), <see cref="ProcessEvents"/>
/// receives every child's <see cref="ProcessStarted"/> and <see cref="ProcessExited"/>, and when the spec ends
/// it fails if a child it started still runs (after the system's shutdown ended the ones it supervised).
/// </summary>
public abstract class MultiprocessingTestKit : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, string> _started = new();

    /// <summary>Creates the TestKit on <see cref="ProcessRuntime.DefaultSetup"/>.</summary>
    protected MultiprocessingTestKit(ITestOutputHelper? output = null)
        : base(ProcessRuntime.DefaultSetup, output: output)
    {
        ProcessRuntime.UseActorSystem(Sys);
        ProcessEvents = CreateTestProbe("process-events");
        Sys.EventStream.Subscribe(ProcessEvents, typeof(ProcessStarted));
        Sys.EventStream.Subscribe(ProcessEvents, typeof(ProcessExited));
        var recorder = Sys.ActorOf(Props.Create(() => new StartRecorder(_started)), "testkit-start-recorder");
        Sys.EventStream.Subscribe(recorder, typeof(ProcessStarted));
    }

    /// <summary>Receives the <see cref="ProcessStarted"/> and <see cref="ProcessExited"/> of every child of this system.</summary>
    protected TestProbe ProcessEvents { get; }

    /// <summary>
    /// Waits for the child named <paramref name="name"/> (a <see cref="Process"/> name, or a process-isolated
    /// actor's <see cref="ChildProcessOptions.Name"/>, by default its actor name) to exit, skipping other
    /// events, and checks its exit code when <paramref name="exitCode"/> is given.
    /// </summary>
    /// <exception cref="Xunit.Sdk.XunitException">No such exit came in time, or it had another exit code.</exception>
    protected ProcessExited ExpectProcessExited(string name, int? exitCode = null, TimeSpan? timeout = null)
    {
        var exited = (ProcessExited)ProcessEvents.FishForMessage(m => m is ProcessExited e && e.Name == name, timeout ?? ExitBound);
        if (exitCode is { } expected && exited.ExitCode != expected)
        {
            throw new Xunit.Sdk.XunitException(
                $"Process {name} (pid {exited.Pid}) exited with {exited.ExitCode}, not {expected}.");
        }

        return exited;
    }

    /// <summary>Shuts the system down (the TestKit's own disposal), then fails if a child this spec started still runs (and kills it, so the next spec starts clean).</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            FailIfAChildOutlivedTheSystem();
        }
    }

    private void FailIfAChildOutlivedTheSystem()
    {
        var deadline = DateTime.UtcNow + ExitBound;
        var left = _started.Keys.ToList();
        while (left.Count > 0 && DateTime.UtcNow < deadline)
        {
            left = left.Where(IsRunning).ToList();
            Thread.Sleep(left.Count > 0 ? 50 : 0);
        }

        if (left.Count > 0)
        {
            foreach (var pid in left)
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // It exited meanwhile.
                }
            }

            throw new Xunit.Sdk.XunitException(
                $"Child processes outlived the spec: {string.Join(", ", left.Select(pid => $"{_started[pid]} (pid {pid})"))}; they were killed " +
                $"(the ActorSystem had {(Sys.WhenTerminated.IsCompleted ? "" : "not ")}terminated). Join or terminate every child the spec starts before it ends.");
        }
    }

    /// <summary>Whether /proc shows <paramref name="pid"/> as a process that has not exited (a zombie has).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X' or default(char));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Records the pid and name of every child started, for the check at the end.</summary>
    private sealed class StartRecorder : ReceiveActor
    {
        public StartRecorder(ConcurrentDictionary<int, string> started) =>
            Receive<ProcessStarted>(e => started[e.Pid] = e.Name);
    }
}
