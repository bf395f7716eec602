using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Pool over real worker processes: CPython's calls, their results and their order.</summary>
[Collection(ProcessCollection.Name)]
public sealed class PoolSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Apply_and_ApplyAsync_run_the_call_in_a_worker_and_return_its_result()
    {
        using var pool = new Pool(2);
        var called = new List<int>();

        var result = pool.Apply(() => PoolWork.Square(4));
        var pid = pool.Apply(() => PoolWork.Pid());
        var pending = pool.ApplyAsync(() => PoolWork.Square(5), callback: called.Add);
        var awaited = await pool.ApplyAsync(() => PoolWork.Add(2, 3));
        var viaTask = await pool.ApplyAsync(() => PoolWork.Square(6)).AsTask();

        Assert.Equal(16, result);
        Assert.NotEqual(Environment.ProcessId, pid);
        Assert.Contains(pid, pool.WorkerPids());
        Assert.Equal(25, pending.Get(Generous));
        Assert.True(pending.Ready);
        Assert.True(pending.Successful);
        Assert.Equal([25], called);
        Assert.Equal(5, awaited);
        Assert.Equal(36, viaTask);
    }

    [Fact]
    public void A_call_without_result_runs_and_its_callback_runs_before_it_is_ready()
    {
        using var pool = new Pool(1);
        var callbacks = 0;

        pool.Apply(() => PoolWork.Nothing());
        var pending = pool.ApplyAsync(() => PoolWork.Sleep(10), callback: () => callbacks++);
        pending.Get(Generous);

        Assert.True(pending.Successful);
        Assert.Equal(1, callbacks);
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
        Assert.Equal(["a!", "b!"], pool.Map(s => string.Concat(s, "!"), new[] { "a", "b" }));
    }

    [Fact]
    public void Large_items_and_results_pass_through_shared_memory_and_leave_no_file_behind()
    {
        var before = Internal.SharedMemory.Segment.Existing();
        var big = Enumerable.Range(0, 3 << 20).Select(i => (byte)i).ToArray();
        var words = Enumerable.Range(0, 40).Select(i => new string((char)('a' + (i % 26)), 20_000)).ToList();
        int[] family;
        using (var pool = new Pool(2))
        {
            Assert.Equal(big.Reverse(), pool.Apply(() => PoolWork.Reverse(big)));
            Assert.Equal(words.Select(w => w + "!"), pool.Map(w => string.Concat(w, "!"), words, chunkSize: 20));
            family = [Environment.ProcessId, .. pool.WorkerPids()];
        }

        // Only this family's files: other test runs on the machine make their own.
        Assert.DoesNotContain(
            Internal.SharedMemory.Segment.Existing().Except(before),
            path => family.Any(pid => Path.GetFileName(path).StartsWith($"actors-mp-{pid}-", StringComparison.Ordinal)));
    }

    [Fact]
    public void MapAsync_reports_progress_and_runs_its_callback_with_the_results()
    {
        using var pool = new Pool(2);
        var progress = new RecordedProgress();
        IReadOnlyList<int>? delivered = null;

        var pending = pool.MapAsync(x => PoolWork.Square(x), Enumerable.Range(0, 100), chunkSize: 10, progress, callback: r => delivered = r);
        var results = pending.Get(Generous);
        var reports = progress.Reports;

        Assert.Equal(Enumerable.Range(0, 100).Select(x => x * x), results);
        Assert.Same(results, delivered);
        Assert.Equal(10, reports.Count);
        Assert.Equal(new PoolProgress(100, 100), reports[^1]);
        Assert.Equal(reports.OrderBy(r => r.Done), reports);
    }

    [Fact]
    public async Task Imap_yields_in_item_order_and_ImapUnordered_yields_the_same_set()
    {
        using var pool = new Pool(2);
        const int count = 12;
        var items = Enumerable.Range(0, count).ToList();

        var ordered = pool.Imap(x => PoolWork.SlowForSmall(x, count), items).ToList();
        var chunked = pool.Imap(x => PoolWork.SlowForSmall(x, count), items, chunkSize: 5).ToList();
        var unordered = pool.ImapUnordered(x => PoolWork.SlowForSmall(x, count), items).ToList();
        var streamed = new List<int>();
        await foreach (var x in pool.ImapAsync(x => PoolWork.Square(x), items))
        {
            streamed.Add(x);
        }

        Assert.Equal(items, ordered);
        Assert.Equal(items, chunked);
        Assert.Equal(items, unordered.Order());
        Assert.Equal(items.Select(x => x * x), streamed);
        Assert.Empty(pool.Imap(x => PoolWork.Square(x), Array.Empty<int>()));
    }

    [Fact]
    public async Task StarMap_passes_the_fields_of_each_pair_as_arguments()
    {
        using var pool = new Pool(2);
        var pairs = new[] { (1, 2), (3, 4), (5, 6) };

        Assert.Equal([3, 7, 11], pool.StarMap((a, b) => PoolWork.Add(a, b), pairs));
        Assert.Equal([3, 7, 11], await pool.StarMapAsync((a, b) => PoolWork.Add(a, b), pairs, chunkSize: 1));
    }

    [Fact]
    public void Get_times_out_and_Successful_refuses_before_the_result_is_ready()
    {
        using var pool = new Pool(1);

        var pending = pool.ApplyAsync(() => PoolWork.SleepThenSquare(3, 3_000));

        Assert.Throws<TimeoutException>(() => pending.Get(TimeSpan.FromMilliseconds(100)));
        Assert.False(pending.Wait(TimeSpan.Zero));
        Assert.False(pending.Ready);
        Assert.Throws<InvalidOperationException>(() => pending.Successful);
        Assert.Equal(9, pending.Get(Generous));
    }

    [Fact]
    public void An_initializer_runs_in_every_worker_before_its_tasks()
    {
        using var pool = new Pool(2, initializer: () => PoolWork.Init("cfg"));

        var configs = pool.Map(_ => PoolWork.Config(), Enumerable.Range(0, 8), chunkSize: 1);

        Assert.All(configs, c => Assert.StartsWith("cfg@", c));
    }

    [Fact]
    public void Close_lets_queued_tasks_finish_and_Join_waits_for_the_workers()
    {
        var pool = new Pool(2);
        var pending = Enumerable.Range(0, 6).Select(i => pool.ApplyAsync(() => PoolWork.SleepThenSquare(i, 100))).ToList();
        var pids = pool.WorkerPids();

        pool.Close();
        pool.Join();

        Assert.Equal([0, 1, 4, 9, 16, 25], pending.Select(p => p.Get(TimeSpan.Zero)));
        Assert.Empty(pool.WorkerPids());
        Assert.All(pids, pid => Assert.False(OsProcess.IsRunning(pid)));
        pool.Dispose(); // nothing left to terminate
    }

    [Fact]
    public async Task Dispose_and_DisposeAsync_both_terminate_and_Close_then_Join_lets_queued_tasks_finish()
    {
        AsyncResult<int> cutAsync;
        int[] pids;
        await using (var pool = new Pool(1))
        {
            cutAsync = pool.ApplyAsync(() => PoolWork.SleepThenSquare(7, 30_000));
            pids = pool.WorkerPids().ToArray();
        }

        Assert.Throws<OperationCanceledException>(() => cutAsync.Get(TimeSpan.Zero));
        Assert.All(pids, pid => Assert.False(OsProcess.IsRunning(pid)));

        AsyncResult<int> cut;
        using (var pool = new Pool(1))
        {
            cut = pool.ApplyAsync(() => PoolWork.SleepThenSquare(7, 30_000));
        }

        Assert.Throws<OperationCanceledException>(() => cut.Get(TimeSpan.Zero));

        AsyncResult<int> finished;
        await using (var pool = new Pool(1))
        {
            finished = pool.ApplyAsync(() => PoolWork.SleepThenSquare(7, 200));
            pool.Close();
            await pool.JoinAsync();
        }

        Assert.Equal(49, finished.Get(TimeSpan.Zero));
    }
}
