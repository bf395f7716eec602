namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// Counts a job's finished items and reports them to the caller's <see cref="IProgress{T}"/> through the
/// pool's callback runner: in order, off the router's thread and off a caller that blocks on the results.
/// </summary>
internal sealed class ProgressReporter(IProgress<PoolProgress> progress, CallbackRunner runner)
{
    private int _done;
    private volatile bool _stopped;

    public static ProgressReporter? For(IProgress<PoolProgress>? progress, CallbackRunner runner) =>
        progress is null ? null : new ProgressReporter(progress, runner);

    /// <summary>Called on the router's thread as each chunk arrives.</summary>
    public void Advance(int items, int total)
    {
        var report = new PoolProgress(_done += items, total);
        runner.Post(() =>
        {
            if (!_stopped)
            {
                progress.Report(report);
            }
        });
    }

    /// <summary>Runs <paramref name="action"/> on the runner once every report so far has been made.</summary>
    public void AfterReports(Action action) => runner.Post(action);

    /// <summary>No report that has not been made yet is made: the call failed, or its results are no longer read.</summary>
    public void Stop() => _stopped = true;
}
