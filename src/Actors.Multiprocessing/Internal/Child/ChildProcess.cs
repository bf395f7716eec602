using Actors.Multiprocessing.Internal.Os;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// The parent's handle on a child's OS process: starts it, holds its stdin open (the child exits when that
/// pipe breaks, which is how it learns that its parent died, even by SIGKILL), forwards its stdout and
/// stderr to this process's console, signals its process tree, and reports its exit as CPython does.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly System.Diagnostics.Process _os;

    private ChildProcess(System.Diagnostics.Process os, MultiprocessingSettings settings)
    {
        _os = os;
        Pid = os.Id;
        PidWatch.ChildStarted(Pid);
        var partialLineWait = settings.OutputPartialLineWait;
        var stdout = OutputForwarder.Forward(os.StandardOutput, () => Console.Out, partialLineWait);
        var stderr = OutputForwarder.Forward(os.StandardError, () => Console.Error, partialLineWait);
        Exited = WaitAsync(Task.WhenAll(stdout, stderr), settings.OutputDrainTimeout);
    }

    public int Pid { get; }

    /// <summary>Completes with the exit code once the process has exited: -N when signal N ended it.</summary>
    public Task<int> Exited { get; }

    /// <summary>Whether the OS process has exited (its output may still be draining).</summary>
    public bool HasExited => _os.HasExited;

    /// <summary>The exit code once the OS process has exited, else null.</summary>
    public int? ExitCode => _os.HasExited ? ExitCodeOf(_os.ExitCode) : null;

    /// <summary>
    /// Starts a host for <paramref name="runtime"/>'s children and hands it the prelude over stdin, and the
    /// <paramref name="bootstrap"/> when there is one; without it the host waits for one (see <see cref="Assign"/>).
    /// </summary>
    public static ChildProcess Spawn(Runtime runtime, ChildBootstrap? bootstrap = null)
    {
        var os = new System.Diagnostics.Process { StartInfo = ChildCommand.Current.StartInfo(), EnableRaisingEvents = true };
        os.Start();
        var child = new ChildProcess(os, runtime.Settings);
        child.Write(ChildPrelude.For(runtime, waits: bootstrap is null).WriteTo);
        if (bootstrap is not null)
        {
            child.Assign(bootstrap);
        }

        return child;
    }

    /// <summary>Gives the host its identity and target; false when it had died already (its Exited says how).</summary>
    public bool Assign(ChildBootstrap bootstrap) => Write(bootstrap.WriteTo);

    /// <summary>Sends a signal to the child and all its descendants, unless it has already exited.</summary>
    public void Signal(int signal)
    {
        // Exited first: once it completed, the handle may have been disposed and HasExited would throw.
        if (!Exited.IsCompleted && !_os.HasExited)
        {
            ProcessTree.Signal(Pid, signal);
        }
    }

    private bool Write(Action<Stream> write)
    {
        try
        {
            write(_os.StandardInput.BaseStream);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The child died before it read this (and may have been reaped already).
            return false;
        }
    }

    /// <summary>Kills the child, unless it has exited, and releases its handle once it has.</summary>
    public void Abandon()
    {
        Signal(ProcessTree.SigKill);
        Exited.ContinueWith(_ => Dispose(), TaskScheduler.Default);
    }

    /// <summary>Releases the OS handle; the process must have exited.</summary>
    public void Dispose() => _os.Dispose();

    /// <summary>Maps .NET's 128+N for "ended by signal N" to CPython's -N.</summary>
    public static int ExitCodeOf(int raw) => raw is > 128 and <= 128 + 64 ? -(raw - 128) : raw;

    private async Task<int> WaitAsync(Task output, TimeSpan drain)
    {
        await _os.WaitForExitAsync().ConfigureAwait(false);
        PidWatch.ChildExited(Pid);
        try
        {
            // Let the child's last words reach the console before Join returns; a grandchild that inherited
            // the pipe may keep it open for long, so this wait is bounded.
            await output.WaitAsync(drain).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        var code = ExitCodeOf(_os.ExitCode);
        _os.StandardInput.Dispose();
        return code;
    }
}
