using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Queues under load and under SIGKILL: nothing twice, nothing lost beyond what a kill must lose, nothing half.</summary>
[Collection(ProcessCollection.Name)]
public sealed class QueueStressSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    /// <summary>A bound for a whole stream; only a hung queue comes near it.</summary>
    private static readonly TimeSpan Stress = TimeSpan.FromMinutes(10);

    [Fact]
    public void Four_producers_and_four_consumers_move_250000_items_while_consumers_are_killed_and_replaced()
    {
        const int producers = 4, consumers = 4, total = 250_000, kills = 10;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var q = new ProcessQueue<int>();
        // One slot per consumer ever started: how many items it has recorded (one writer per slot, no lock needed).
        var progress = new SharedArray<int>(consumers + kills, withLock: false);
        // One record per consumer ever started, a counter per item: two consumers never write the same array,
        // so an item given twice shows up as a count, even when both got it at the same moment.
        var records = new List<SharedArray<byte>>();
        var live = new List<(Process Process, int Slot)>();
        var killed = new List<Process>();
        var producing = Enumerable.Range(0, producers)
            .Select(i => i * (total / producers))
            .Select(from => new Process(() => QueueWork.PutRange(q, from, total / producers))).ToList();

        void StartConsumer()
        {
            var slot = records.Count;
            var record = new SharedArray<byte>(total, withLock: false);
            records.Add(record);
            var consumer = new Process(() => QueueStressWork.ConsumeAndRecord(q, record, progress, slot));
            consumer.Start();
            live.Add((consumer, slot));
        }

        try
        {
            for (var i = 0; i < consumers; i++)
            {
                StartConsumer();
            }

            producing.ForEach(p => p.Start());

            // Kill k waits until k steps of the stream are recorded, so all kills land while items flow, however
            // fast the queue is; the victim is a live consumer that has taken items, so it is in its Get loop.
            var step = total / (kills + 2);
            for (var k = 1; k <= kills; k++)
            {
                var kill = k;
                WaitFor(() => progress.ToArray().Sum() >= kill * step && live.Any(c => progress[c.Slot] > 0), $"progress before kill {kill} (seed {seed})");
                // Pacing only, so that the kill lands at a random point of a Get or of the recording.
                Thread.Sleep(random.Next(0, 20));
                var candidates = live.Where(c => progress[c.Slot] > 0).ToList();
                var victim = candidates[random.Next(candidates.Count)];
                victim.Process.Kill();
                live.Remove(victim);
                killed.Add(victim.Process);
                StartConsumer();
            }

            Assert.All(producing, p => Assert.True(p.Join(Stress), "a producer did not finish"));
            Assert.All(killed, p => Assert.True(p.Join(Generous), "a killed consumer did not end"));
            // Everything the producers put is in the queue before they exit, so the stops come after every item.
            live.ForEach(_ => q.Put(QueueStressWork.Stop));
            Assert.All(live, c => Assert.True(c.Process.Join(Stress), "a consumer did not stop"));
            Assert.All(live, c => Assert.Equal(0, c.Process.ExitCode));

            // An item handed to a consumer that was killed before Get returned it is still the queue's: it goes
            // back, possibly after the consumers took their stops. This process takes those, and they count.
            var leftInQueue = new List<int>();
            try
            {
                while (true)
                {
                    leftInQueue.Add(q.Get(TimeSpan.FromSeconds(10)));
                }
            }
            catch (QueueEmptyException)
            {
            }

            Assert.Equal(0, q.Count);
            Assert.True(q.IsEmpty);
            Assert.DoesNotContain(QueueStressWork.Stop, leftInQueue);

            var times = new int[total];
            foreach (var record in records)
            {
                var counts = record.ToArray();
                for (var item = 0; item < total; item++)
                {
                    times[item] += counts[item];
                }
            }

            leftInQueue.ForEach(item => times[item]++);
            var twice = Enumerable.Range(0, total).Where(item => times[item] > 1).ToList();
            var missing = Enumerable.Range(0, total).Where(item => times[item] == 0).ToList();
            // The queue's rule: an item is either in the queue or was returned by Get to user code, never both and
            // never neither. So no item is ever received twice. The only loss is a consumer killed after its Get
            // returned and before it wrote the item into its record (a store into shared memory, which a SIGKILL
            // cannot undo once made): one item at most per kill, since a consumer holds one item at a time.
            Assert.True(twice.Count == 0, $"{twice.Count} items were received more than once, e.g. {string.Join(", ", twice.Take(10))} (seed {seed})");
            Assert.True(missing.Count <= kills, $"{missing.Count} items are missing after {kills} kills, e.g. {string.Join(", ", missing.Take(10))} ({leftInQueue.Count} taken back from the queue at the end; seed {seed})");
        }
        finally
        {
            // A failed run leaves no child behind for the next specs (Kill does nothing to one that exited).
            foreach (var p in producing.Concat(live.Select(c => c.Process)).Where(p => p.Pid is not null))
            {
                p.Kill();
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    public void A_putter_killed_in_the_middle_of_Put_leaves_the_queue_readable_and_never_hands_out_half_an_item(int maxSize)
    {
        const int cap = 2000;
        var beforeKill = Random.Shared.Next(200, 400);
        var q = new ProcessQueue<QueueStressWork.Numbered>(maxSize);
        var putter = new Process(() => QueueStressWork.PutNumbered(q, cap));
        putter.Start();
        var got = new List<QueueStressWork.Numbered>();

        // Taking items as they come keeps the putter putting (a bounded queue holds it at most 64 ahead), so the
        // kill lands while it is in a Put, small or large.
        while (got.Count < beforeKill)
        {
            got.Add(q.Get(Generous));
        }

        putter.Kill();
        Assert.True(putter.Join(Generous));
        try
        {
            while (true)
            {
                got.Add(q.Get(TimeSpan.FromSeconds(2)));
            }
        }
        catch (QueueEmptyException)
        {
        }

        // Whatever the queue gives is whole, in the putter's order, with nothing skipped.
        Assert.Equal(Enumerable.Range(0, got.Count), got.Select(item => item.Index));
        Assert.All(got, item => Assert.True(QueueStressWork.IsWhole(item), $"item {item.Index} is not whole: {item.Bytes.Length} bytes where {QueueStressWork.LengthOf(item.Index)} bytes of {QueueStressWork.LengthOf(item.Index) % 251} were put"));
        var fresh = new QueueStressWork.Numbered(cap, QueueStressWork.BytesOf(cap + 3));
        q.Put(fresh, Generous);
        var back = q.Get(Generous);
        Assert.Equal(cap, back.Index);
        Assert.Equal(fresh.Bytes, back.Bytes);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public async Task A_thousand_pending_GetAsync_calls_hold_a_few_threads_and_each_completes_with_one_item()
    {
        const int count = 1000;
        var q = new ProcessQueue<int>();
        // One round trip first, so that what any first call starts is counted before, not as a waiting cost.
        q.Put(-1);
        Assert.Equal(-1, await q.GetAsync(Generous));
        var threadsBefore = ThreadCount();
        using var cancel = new CancellationTokenSource();

        // Every eleventh call can be cancelled; they wait among the others.
        var calls = Enumerable.Range(0, count + (count / 10))
            .Select(i => (Cancellable: i % 11 == 5, Task: i % 11 == 5 ? q.GetAsync(cancel.Token) : q.GetAsync())).ToList();
        var cancellable = calls.Where(c => c.Cancellable).Select(c => c.Task).ToList();
        var pending = calls.Where(c => !c.Cancellable).Select(c => c.Task).ToList();

        Assert.Equal(count, pending.Count);
        Assert.True(ThreadCount() - threadsBefore < 50, $"threads grew from {threadsBefore} to {ThreadCount()}");
        // A call that holds a pool thread would queue behind the others (the pool adds threads slowly): none is queued.
        Assert.True(ThreadPool.PendingWorkItemCount < 500, $"{ThreadPool.PendingWorkItemCount} work items queued");
        await cancel.CancelAsync();
        await Task.WhenAll(cancellable).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Generous);
        Assert.All(cancellable, t => Assert.Equal(cancel.Token, Assert.ThrowsAny<OperationCanceledException>(() => t.GetAwaiter().GetResult()).CancellationToken));
        Assert.True(ThreadCount() - threadsBefore < 50, $"threads grew from {threadsBefore} to {ThreadCount()}");
        Assert.All(pending, t => Assert.False(t.IsCompleted));

        var putter = new Process(() => QueueWork.PutRange(q, 0, count));
        putter.Start();

        // A cancelled call that took an item would leave one of the others waiting for good.
        var items = await Task.WhenAll(pending).WaitAsync(Stress);
        Assert.Equal(Enumerable.Range(0, count), items.Order());
        Assert.True(putter.Join(Generous));
        Assert.Equal(0, q.Count);
        q.Put(count);
        Assert.Equal(count, q.Get(Generous));
    }

    private static int ThreadCount()
    {
        using var me = System.Diagnostics.Process.GetCurrentProcess();
        me.Refresh();
        return me.Threads.Count;
    }

    /// <summary>Polls a condition on shared state until it holds, failing only past the generous bound.</summary>
    private static void WaitFor(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Stress, $"no {what} within {Stress.TotalMinutes} minutes");
            Thread.Sleep(5);
        }
    }
}
