using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Child;
using Actors.Multiprocessing.Internal.Os;
using Akka.Actor;

namespace Actors.Multiprocessing;

public sealed partial class Process
{
    /// <summary>Blocks until the child exits (or, for <see cref="Parent"/>, until the parent exits).</summary>
    /// <exception cref="InvalidOperationException">Not started, or this is the current process.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public void Join() => JoinAsync(timeout: null).GetAwaiter().GetResult();

    /// <summary>Blocks until the child exits or the timeout elapses; a null timeout waits forever, a negative one is zero (as in CPython).</summary>
    /// <returns>True when the child has exited; false when the timeout elapsed first (the child keeps running).</returns>
    /// <exception cref="InvalidOperationException">Not started, or this is the current process.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public bool Join(TimeSpan? timeout) => JoinAsync(timeout).GetAwaiter().GetResult();

    /// <summary>Completes when the child exits.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="InvalidOperationException">Not started, or this is the current process.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public Task JoinAsync(CancellationToken cancellationToken = default) => JoinAsync(null, cancellationToken);

    /// <summary>Completes with true when the child exits, or with false when the timeout elapses first (negative: as zero).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="InvalidOperationException">Not started, or this is the current process.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public async Task<bool> JoinAsync(TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        timeout = Timeouts.Normalize(timeout);
        var exited = _role switch
        {
            ProcessRole.Current => throw new InvalidOperationException($"A process cannot join itself ({Describe()}); join its children instead."),
            ProcessRole.Parent => ParentWatch.ParentGone,
            _ => _child?.Exited ?? throw new InvalidOperationException($"{Describe()} cannot be joined before it is started; Start() it first."),
        };
        try
        {
            await exited.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }

        Untrack(this);
        return true;
    }

    /// <summary>Ends the child and all its descendants with SIGTERM (CPython leaves grandchildren running).</summary>
    /// <remarks>Does nothing when the child has already exited; the exit code becomes -15.</remarks>
    /// <exception cref="InvalidOperationException">Not started, or not a child of this process.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public void Terminate() => Signal(ProcessTree.SigTerm);

    /// <summary>Ends the child and all its descendants with SIGKILL, which cannot be caught.</summary>
    /// <remarks>Does nothing when the child has already exited; the exit code becomes -9.</remarks>
    /// <exception cref="InvalidOperationException">Not started, or not a child of this process.</exception>
    /// <exception cref="ObjectDisposedException">The process was closed.</exception>
    public void Kill() => Signal(ProcessTree.SigKill);

    /// <summary>Releases the handle of an exited child; afterwards every member but Close throws.</summary>
    /// <exception cref="InvalidOperationException">The child is still running (CPython raises ValueError).</exception>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_child is { Exited.IsCompleted: false })
            {
                throw new InvalidOperationException($"{Describe()} is still running; Join or Terminate it before Close().");
            }

            _closed = true;
            _child?.Dispose();
            Untrack(this);
        }
    }

    /// <summary>
    /// Closes the handle. A child that is still running is left running, and is still joined (or terminated,
    /// if a daemon) when this process exits.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_child is { Exited.IsCompleted: false } running)
            {
                _closed = true;
                running.Exited.ContinueWith(_ => running.Dispose(), TaskScheduler.Default);
                return;
            }
        }

        Close();
    }

    private void Signal(int signal)
    {
        ThrowIfClosed();
        if (_role != ProcessRole.Child)
        {
            throw new InvalidOperationException($"{Describe()} is not a child of this process; only children can be signalled.");
        }

        var supervisor = _supervisor ?? throw new InvalidOperationException($"{Describe()} cannot be signalled before it is started.");
        // The supervisor owns the child's lifecycle; once the child has exited it is gone and there is nothing to signal.
        if (!_child!.HasExited)
        {
            supervisor.Tell(new ProcessSupervisor.SignalChild(signal), ActorRefs.NoSender);
        }
    }
}
