using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Pool over real worker processes: CPython's calls, and errors that come back.</summary>
[Collection(ProcessCollection.Name)]
public sealed class PoolSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void Apply_runs_the_call_in_a_worker_and_returns_its_result()
    {
        using var pool = new Pool(2);

        var result = pool.Apply(() => PoolWork.Square(4));
        var pid = pool.Apply(() => PoolWork.Pid());

        Assert.Equal(16, result);
        Assert.NotEqual(Environment.ProcessId, pid);
        Assert.Contains(pid, pool.WorkerPids());
    }

    [Fact]
    public void Map_returns_results_in_item_order_with_and_without_chunkSize()
    {
        using var pool = new Pool(2);
        var items = Enumerable.Range(0, 1000).ToList();
        var expected = items.Select(x => x * x).ToList();

        Assert.Equal(expected, pool.Map(x => PoolWork.Square(x), items));
        Assert.Equal(expected, pool.Map(x => PoolWork.Square(x), items, chunkSize: 50));
        Assert.Equal(expected, pool.Map(x => PoolWork.Square(x), items, chunkSize: 1000));
        Assert.Empty(pool.Map(x => PoolWork.Square(x), Array.Empty<int>()));
    }
}
