namespace Actors.Multiprocessing;

/// <summary>WhenAll: a batch of ApplyAsync calls awaited as one, with progress.</summary>
public abstract partial class AsyncResult
{
    /// <summary>
    /// Waits for every call of a batch, such as many <see cref="Pool.ApplyAsync{T}"/>, and returns their results
    /// in the batch's order, as <see cref="Task.WhenAll{TResult}(IEnumerable{Task{TResult}})"/> does.
    /// </summary>
    /// <param name="results">The pending calls; read once, here.</param>
    /// <param name="progress">Told as each call finishes, with or without an exception, on a thread-pool thread, one report at a time; the last report comes before the returned task completes.</param>
    /// <param name="cancellationToken">Stops the wait and the reports (the calls still run).</param>
    /// <returns>The results, once every call has finished.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="results"/> holds a null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled, or the pool was terminated before a call finished.</exception>
    /// <exception cref="WorkerLostException">The worker running a call died.</exception>
    /// <exception cref="Exception">The exception of the first failed call in the batch's order, rethrown with a <see cref="RemoteException"/> inside.</exception>
    public static Task<IReadOnlyList<T>> WhenAll<T>(
        IEnumerable<AsyncResult<T>> results, IProgress<PoolProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Task<T>[] tasks = [.. Checked(results).Select(r => r.AsTask())];
        return Gather(tasks, progress, cancellationToken);

        static async Task<IReadOnlyList<T>> Gather(Task<T>[] tasks, IProgress<PoolProgress>? progress, CancellationToken cancellationToken)
        {
            await WaitAllAsync(tasks, progress, cancellationToken).ConfigureAwait(false);
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for every call of a batch, such as many <see cref="Pool.ApplyAsync(System.Linq.Expressions.Expression{Action}, Action?, Action{Exception}?)"/>.</summary>
    /// <param name="results">The pending calls; read once, here.</param>
    /// <param name="progress">Told as each call finishes, with or without an exception, on a thread-pool thread, one report at a time; the last report comes before the returned task completes.</param>
    /// <param name="cancellationToken">Stops the wait and the reports (the calls still run).</param>
    /// <returns>A task that completes once every call has finished.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="results"/> holds a null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled, or the pool was terminated before a call finished.</exception>
    /// <exception cref="WorkerLostException">The worker running a call died.</exception>
    /// <exception cref="Exception">The exception of the first failed call in the batch's order, rethrown with a <see cref="RemoteException"/> inside.</exception>
    public static Task WhenAll(IEnumerable<AsyncResult> results, IProgress<PoolProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WaitAllAsync([.. Checked(results).Select(r => r.AsTask())], progress, cancellationToken);

    /// <summary>Checks the batch here, in the caller, so that a bad argument throws rather than faults the task.</summary>
    private static TResult[] Checked<TResult>(IEnumerable<TResult> results)
        where TResult : AsyncResult
    {
        ArgumentNullException.ThrowIfNull(results);
        var batch = results.ToArray();
        if (batch.Contains(null))
        {
            throw new ArgumentException("The batch holds a null where a pending call (an AsyncResult) should be.", nameof(results));
        }

        return batch;
    }

    /// <summary>
    /// Reports each call as it finishes, then rethrows the first failure in the batch's order. Off the caller's
    /// context (ConfigureAwait(false)), so a caller that blocks on the task cannot deadlock the reports.
    /// </summary>
    private static async Task WaitAllAsync(Task[] tasks, IProgress<PoolProgress>? progress, CancellationToken cancellationToken)
    {
        var done = 0;
        await foreach (var _ in Task.WhenEach(tasks).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(new PoolProgress(++done, tasks.Length));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
