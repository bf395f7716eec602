using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Progress of pool calls that run many tasks: in order, up to Total, and none after the call is over.</summary>
[Collection(ProcessCollection.Name)]
public sealed class PoolProgressSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ImapAsync_reports_each_chunk_in_order_and_reaches_Total_before_the_iteration_ends()
    {
        await using var pool = new Pool(2);
        var progress = new RecordedProgress();
        var results = new List<int>();

        await foreach (var x in pool.ImapAsync(x => PoolWork.Square(x), Enumerable.Range(0, 30), chunkSize: 3, progress).WithCancellation(new CancellationTokenSource(Generous).Token))
        {
            results.Add(x);
        }

        var reports = progress.Reports;
        Assert.Equal(Enumerable.Range(0, 30).Select(x => x * x), results);
        Assert.Equal(Enumerable.Range(1, 10).Select(chunk => new PoolProgress(chunk * 3, 30)), reports);
    }

    [Fact]
    public async Task ImapAsync_ends_after_its_last_report_even_when_the_reports_wait_behind_a_slow_callback()
    {
        await using var pool = new Pool(2);
        var progress = new RecordedProgress();
        using var blocking = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var results = new List<int>();
        // Holds the pool's callback runner, so that the results arrive before any of their reports is made.
        _ = pool.ApplyAsync(() => PoolWork.Square(1), callback: _ =>
        {
            blocking.Set();
            release.Wait(Generous);
        });
        Assert.True(blocking.Wait(Generous));

        await foreach (var x in pool.ImapAsync(x => PoolWork.Square(x), Enumerable.Range(0, 10), chunkSize: 2, progress).WithCancellation(new CancellationTokenSource(Generous).Token))
        {
            results.Add(x);
            if (results.Count == 10)
            {
                release.Set();
            }
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(x => x * x), results);
        Assert.Equal(Enumerable.Range(1, 5).Select(chunk => new PoolProgress(chunk * 2, 10)), progress.Reports);
    }

    [Fact]
    public void Imap_counts_a_failed_chunk_as_finished_so_its_progress_still_reaches_Total()
    {
        using var pool = new Pool(2);
        var progress = new RecordedProgress();
        var failures = 0;

        using (var results = pool.Imap(x => PoolWork.FailOn(x, 4), Enumerable.Range(0, 10), chunkSize: 2, progress).GetEnumerator())
        {
            while (MoveNextOrCount(results, ref failures))
            {
            }
        }

        var reports = progress.Reports;
        Assert.Equal(1, failures);
        Assert.Equal(5, reports.Count);
        Assert.Equal(new PoolProgress(10, 10), reports[^1]);
        Assert.Equal(reports.OrderBy(r => r.Done), reports);
    }

    [Fact]
    public async Task StarMap_and_StarMapAsync_report_each_chunk_up_to_Total()
    {
        using var pool = new Pool(2);
        var pairs = Enumerable.Range(0, 20).Select(i => (i, i)).ToList();
        var blocking = new RecordedProgress();
        var queued = new RecordedProgress();

        var sums = pool.StarMap((a, b) => PoolWork.Add(a, b), pairs, chunkSize: 4, blocking);
        var awaited = await pool.StarMapAsync((a, b) => PoolWork.Add(a, b), pairs, chunkSize: 5, queued).AsTask().WaitAsync(Generous);

        var expected = pairs.Select(p => p.Item1 + p.Item2).ToList();
        Assert.Equal(expected, sums);
        Assert.Equal(expected, awaited);
        Assert.Equal([4, 8, 12, 16, 20], blocking.Reports.Select(r => r.Done).Order());
        Assert.Equal(blocking.Reports.OrderBy(r => r.Done), blocking.Reports);
        Assert.All(blocking.Reports, r => Assert.Equal(20, r.Total));
        Assert.Equal([new(5, 20), new(10, 20), new(15, 20), new(20, 20)], queued.Reports);
    }

    [Fact]
    public void Map_cuts_primitives_into_chunks_of_at_most_64_KiB_and_other_items_by_CPythons_rule()
    {
        using var pool = new Pool(2);
        var ints = new RecordedProgress();
        var arrays = new RecordedProgress();

        var squares = pool.Map(x => PoolWork.Square(x), Enumerable.Range(0, 200_000), progress: ints);
        var reversed = pool.Map(b => PoolWork.Reverse(b), Enumerable.Range(0, 80).Select(i => new[] { (byte)i, (byte)1 }), progress: arrays);

        Assert.Equal(Enumerable.Range(0, 200_000).Select(x => x * x), squares);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => new[] { (byte)1, (byte)i }), reversed);
        // CPython's rule makes 8 chunks of 25,000 ints (100,000 bytes); 16,384 ints are 64 KiB. The chunks finish
        // in any order, so their sizes are what each report added to the one before.
        Assert.Equal(Enumerable.Repeat(16_384, 12).Prepend(200_000 - (12 * 16_384)), ChunkSizes(ints));
        Assert.Equal(Enumerable.Repeat(10, 8), ChunkSizes(arrays));
    }

    private static IEnumerable<int> ChunkSizes(RecordedProgress progress)
    {
        var done = progress.Reports.Select(r => r.Done).Order().ToList();
        return done.Zip(done.Prepend(0), (after, before) => after - before).Order();
    }

    [Fact]
    public void A_Map_that_failed_reports_no_more_progress_while_its_other_chunks_finish()
    {
        var pool = new Pool(2);
        var progress = new RecordedProgress();

        Assert.Throws<InvalidOperationException>(() => pool.Map(x => PoolWork.FailOnOrSleep(x, 0, 100), Enumerable.Range(0, 10), chunkSize: 1, progress));
        var atFailure = progress.Reports;
        pool.Close();
        pool.Join(); // after every callback and report the pool's tasks caused

        Assert.Equal(atFailure, progress.Reports);
        Assert.True(atFailure.Count < 10, $"{atFailure.Count} reports for a Map that failed at its first item");
        pool.Dispose();
    }

    [Fact]
    public async Task WhenAll_gathers_a_batch_of_ApplyAsync_in_order_and_reports_each_call()
    {
        await using var pool = new Pool(2);
        var progress = new RecordedProgress();
        var voidProgress = new RecordedProgress();
        var batch = Enumerable.Range(0, 12).Select(i => pool.ApplyAsync(() => PoolWork.Square(i))).ToList();
        var voids = Enumerable.Range(0, 3).Select(_ => pool.ApplyAsync(() => PoolWork.Nothing())).ToList();

        var results = await AsyncResult.WhenAll(batch, progress).WaitAsync(Generous);
        await AsyncResult.WhenAll(voids, voidProgress).WaitAsync(Generous);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * i), results);
        Assert.Equal(Enumerable.Range(1, 12).Select(done => new PoolProgress(done, 12)), progress.Reports);
        Assert.Equal(Enumerable.Range(1, 3).Select(done => new PoolProgress(done, 3)), voidProgress.Reports);
        Assert.Empty(await AsyncResult.WhenAll(Array.Empty<AsyncResult<int>>()));
    }

    [Fact]
    public async Task WhenAll_waits_for_every_call_then_throws_the_first_failure_in_batch_order()
    {
        await using var pool = new Pool(2);
        var progress = new RecordedProgress();
        var batch = Enumerable.Range(0, 6).Select(i => pool.ApplyAsync(() => PoolWork.FailOn(i, 3))).ToList();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => AsyncResult.WhenAll(batch, progress).WaitAsync(Generous));

        Assert.Contains("item 3 is bad", thrown.Message);
        Assert.All(batch, r => Assert.True(r.Ready));
        Assert.Equal(new PoolProgress(6, 6), progress.Reports[^1]);
    }

    [Fact]
    public async Task WhenAll_stops_with_the_callers_token_and_refuses_a_null_in_the_batch()
    {
        await using var pool = new Pool(1);
        using var cancel = new CancellationTokenSource();
        var slow = pool.ApplyAsync(() => PoolWork.SleepThenSquare(2, 30_000));

        var waiting = AsyncResult.WhenAll([slow], cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Generous));

        Assert.Equal(cancel.Token, thrown.CancellationToken);
        Assert.False(slow.Ready);
        // Thrown here, by the call, not by the task it would return.
        Assert.Throws<ArgumentException>(() => { _ = AsyncResult.WhenAll([slow, null!]); });
        Assert.Throws<ArgumentNullException>(() => { _ = AsyncResult.WhenAll((IEnumerable<AsyncResult<int>>)null!); });
    }

    /// <summary>MoveNext that counts a call's exception, thrown in place of its items, and goes on.</summary>
    private static bool MoveNextOrCount(IEnumerator<int> results, ref int failures)
    {
        try
        {
            return results.MoveNext();
        }
        catch (InvalidOperationException)
        {
            failures++;
            return true;
        }
    }
}
