namespace Actors.Multiprocessing.Tests;

/// <summary>
/// An IProgress that records each report as it is made (Progress&lt;T&gt; posts to the thread pool, so its
/// reports may land out of order or late); safe to read from the test's thread while the pool reports.
/// </summary>
internal sealed class RecordedProgress : IProgress<PoolProgress>
{
    private readonly List<PoolProgress> _reports = [];

    public IReadOnlyList<PoolProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(PoolProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
