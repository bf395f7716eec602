using System.Linq.Expressions;

namespace Actors.Multiprocessing;

/// <summary>Apply and ApplyAsync: one call in one worker.</summary>
public sealed partial class Pool
{
    /// <summary>Runs one call in a worker and returns its result (CPython's <c>apply</c>).</summary>
    /// <param name="call">One method call, such as <c>() => Work.Square(4)</c>; its arguments are evaluated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    /// <exception cref="TransferException">The call is not one method call, or an argument cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    /// <exception cref="WorkerLostException">The worker running the call died.</exception>
    /// <exception cref="Exception">The call's own exception, rethrown with a <see cref="RemoteException"/> inside.</exception>
    public T Apply<T>(Expression<Func<T>> call) => ApplyAsync(call).Get();

    /// <summary>Runs one call with no result in a worker and waits for it.</summary>
    /// <param name="call">One method call, such as <c>() => Work.Log("x")</c>; its arguments are evaluated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    /// <exception cref="TransferException">The call is not one method call, or an argument cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    /// <exception cref="WorkerLostException">The worker running the call died.</exception>
    /// <exception cref="Exception">The call's own exception, rethrown with a <see cref="RemoteException"/> inside.</exception>
    public void Apply(Expression<Action> call) => ApplyAsync(call).Get();

    /// <summary>Queues one call for a worker and returns at once (CPython's <c>apply_async</c>).</summary>
    /// <param name="call">One method call, such as <c>() => Work.Square(4)</c>; its arguments are evaluated here.</param>
    /// <param name="callback">Runs with the result before the result is ready, one callback at a time.</param>
    /// <param name="errorCallback">Runs with the exception instead, when the call fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    /// <exception cref="TransferException">The call is not one method call, or an argument cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    public AsyncResult<T> ApplyAsync<T>(Expression<Func<T>> call, Action<T>? callback = null, Action<Exception>? errorCallback = null) =>
        SubmitCall(call, callback, errorCallback);

    /// <summary>Queues one call with no result for a worker and returns at once.</summary>
    /// <param name="call">One method call, such as <c>() => Work.StartWork(i)</c>; its arguments are evaluated here.</param>
    /// <param name="callback">Runs when the call has returned, before the result is ready, one callback at a time.</param>
    /// <param name="errorCallback">Runs with the exception instead, when the call fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    /// <exception cref="TransferException">The call is not one method call, or an argument cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    public AsyncResult ApplyAsync(Expression<Action> call, Action? callback = null, Action<Exception>? errorCallback = null) =>
        SubmitCall<object?>(call, callback is null ? null : _ => callback(), errorCallback);
}
