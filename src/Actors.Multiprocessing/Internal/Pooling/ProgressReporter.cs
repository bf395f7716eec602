namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>Counts a job's finished items and reports them to the caller's <see cref="IProgress{T}"/> through the pool's callback runner.</summary>
internal sealed class ProgressReporter(IProgress<PoolProgress> progress, CallbackRunner runner)
{
    private int _done;

    public static ProgressReporter? For(IProgress<PoolProgress>? progress, CallbackRunner runner) =>
        progress is null ? null : new ProgressReporter(progress, runner);

    /// <summary>Called on the router's thread as each chunk arrives.</summary>
    public void Advance(int items, int total)
    {
        var report = new PoolProgress(_done += items, total);
        runner.Post(() => progress.Report(report));
    }
}
