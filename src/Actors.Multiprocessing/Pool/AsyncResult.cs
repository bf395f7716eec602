using System.Runtime.CompilerServices;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Pooling;

namespace Actors.Multiprocessing;

/// <summary>
/// The pending result of a pool call, as CPython's <c>AsyncResult</c>: wait for it, read it, or await it.
/// A call with no result (an <c>Action</c>) gives this base; a call with one gives <see cref="AsyncResult{T}"/>.
/// </summary>
public abstract partial class AsyncResult
{
    private protected AsyncResult()
    {
    }

    /// <summary>Whether the call has finished, with a result or an exception.</summary>
    public bool Ready => Completion.IsCompleted;

    /// <summary>Whether the call finished without an exception.</summary>
    /// <exception cref="InvalidOperationException">The call has not finished (CPython raises ValueError).</exception>
    public bool Successful => Ready
        ? Completion.IsCompletedSuccessfully
        : throw new InvalidOperationException("The result is not ready yet; Wait() for it before asking whether it succeeded.");

    private protected abstract Task Completion { get; }

    /// <summary>Blocks until the call finishes or the timeout elapses; a null timeout waits forever, a negative one is zero (as in CPython).</summary>
    /// <returns>Whether the call has finished.</returns>
    public bool Wait(TimeSpan? timeout = null)
    {
        timeout = Timeouts.Normalize(timeout);
        // WhenAny never faults, so waiting on it does not throw the call's exception.
        return Task.WhenAny(Completion).Wait(timeout ?? Timeout.InfiniteTimeSpan);
    }

    /// <summary>Blocks until the call finishes and throws its exception, if it had one.</summary>
    /// <exception cref="TimeoutException">The call did not finish in time.</exception>
    /// <exception cref="WorkerLostException">The worker running the call died.</exception>
    /// <exception cref="OperationCanceledException">The pool was terminated before the call finished.</exception>
    /// <exception cref="Exception">The call's own exception, rethrown with a <see cref="RemoteException"/> inside.</exception>
    public void Get(TimeSpan? timeout = null)
    {
        ThrowIfNotReady(timeout);
        Completion.GetAwaiter().GetResult();
    }

    /// <summary>The call as a Task, for Task.WhenAll and friends.</summary>
    public Task AsTask() => Completion;

    /// <summary>Lets the result be awaited.</summary>
    public TaskAwaiter GetAwaiter() => Completion.GetAwaiter();

    private protected void ThrowIfNotReady(TimeSpan? timeout)
    {
        if (!Wait(timeout))
        {
            throw new TimeoutException($"The pool call did not finish within {Timeouts.Describe(Timeouts.Normalize(timeout))}; the call goes on: call Get again, or pass a longer timeout.");
        }
    }
}

/// <summary>The pending result of a pool call that returns a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The type of the result.</typeparam>
public sealed class AsyncResult<T> : AsyncResult
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CallbackRunner _runner;
    private readonly Action<T>? _callback;
    private readonly Action<Exception>? _errorCallback;
    private int _settled;

    internal AsyncResult(CallbackRunner runner, Action<T>? callback, Action<Exception>? errorCallback)
    {
        _runner = runner;
        _callback = callback;
        _errorCallback = errorCallback;
    }

    private protected override Task Completion => _completion.Task;

    /// <summary>Blocks until the call finishes and returns its result (CPython's <c>get</c>).</summary>
    /// <exception cref="TimeoutException">The call did not finish in time.</exception>
    /// <exception cref="WorkerLostException">The worker running the call died.</exception>
    /// <exception cref="OperationCanceledException">The pool was terminated before the call finished.</exception>
    /// <exception cref="Exception">The call's own exception, rethrown with a <see cref="RemoteException"/> inside.</exception>
    public new T Get(TimeSpan? timeout = null)
    {
        ThrowIfNotReady(timeout);
        return _completion.Task.GetAwaiter().GetResult();
    }

    /// <summary>The call as a Task of its result.</summary>
    public new Task<T> AsTask() => _completion.Task;

    /// <summary>Lets the result be awaited.</summary>
    public new TaskAwaiter<T> GetAwaiter() => _completion.Task.GetAwaiter();

    /// <summary>Sets the result after the callback has run, as in CPython; only the first outcome counts.</summary>
    internal void Complete(T value) =>
        Settle(_callback is null ? null : () => _callback(value), () => _completion.TrySetResult(value));

    /// <summary>Fails the call after the error callback has run; only the first outcome counts (Map fails on its first error).</summary>
    internal void Fail(Exception error) =>
        Settle(_errorCallback is null ? null : () => _errorCallback(error), () => _completion.TrySetException(error));

    /// <summary>
    /// Runs the callback, then sets the outcome, on the pool's callback runner: even without a callback, so
    /// that the job's progress reports all come first.
    /// </summary>
    private void Settle(Action? callback, Action outcome)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return;
        }

        _runner.Post(() =>
        {
            try
            {
                callback?.Invoke();
            }
            finally
            {
                outcome();
            }
        });
    }
}
