using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Queues across many processes and through deaths: nothing lost, nothing twice, nothing hangs.</summary>
[Collection(ProcessCollection.Name)]
public sealed class QueueFaultSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    /// <summary>The stress spec moves 200,000 items through the actor path (~2k items/s on 2 busy cores).</summary>
    private static readonly TimeSpan Stress = TimeSpan.FromMinutes(10);

    [Fact]
    public void Four_producers_and_four_consumers_move_200000_items_each_exactly_once()
    {
        const int producers = 4, consumers = 4, perProducer = 50_000;
        var q = new ProcessQueue<int>();
        var results = new ProcessQueue<int[]>();
        var consuming = Enumerable.Range(0, consumers)
            .Select(_ => new Process(() => QueueWork.ConsumeUntilStop(q, results))).ToList();
        var producing = Enumerable.Range(0, producers)
            .Select(i => i * perProducer)
            .Select(from => new Process(() => QueueWork.PutRange(q, from, perProducer))).ToList();
        consuming.ForEach(p => p.Start());
        producing.ForEach(p => p.Start());

        Assert.All(producing, p => Assert.True(p.Join(Stress)));
        for (var i = 0; i < consumers; i++)
        {
            q.Put(-1);
        }

        var received = Enumerable.Range(0, consumers).SelectMany(_ => results.Get(Stress)).ToList();
        Assert.All(consuming, p => Assert.True(p.Join(Stress)));
        Assert.Equal(producers * perProducer, received.Count);
        Assert.Equal(Enumerable.Range(0, producers * perProducer), received.Order());
    }

    [Fact]
    public async Task A_consumer_killed_while_blocked_in_Get_loses_no_item()
    {
        var q = new ProcessQueue<int>();
        var ready = new ProcessQueue<string>();
        var victim = new Process(() => QueueWork.BlockInGet(q, ready));
        victim.Start();
        Assert.Equal("blocking", ready.Get(Generous));

        victim.Kill();
        Assert.True(await victim.JoinAsync(Generous));
        q.Put(1);
        q.Put(2);

        Assert.Equal(1, q.Get(Generous));
        Assert.Equal(2, q.Get(Generous));
    }

    [Fact]
    public void A_consumer_that_exits_right_after_Get_is_not_given_its_item_again()
    {
        using var console = new CapturedConsole();
        var q = new ProcessQueue<int>();
        for (var i = 0; i < 10; i++)
        {
            q.Put(i);
        }

        var consumers = Enumerable.Range(0, 9).Select(_ => new Process(() => QueueWork.GetAndPrint(q))).ToList();
        consumers.ForEach(c => c.Start());
        consumers.ForEach(c => Assert.True(c.Join(Generous)));
        var printed = console.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => int.Parse(line["got ".Length..])).ToList();
        var left = new List<int>();
        try
        {
            // An item whose confirmation was lost would come back once the owner saw its taker's pid gone (~250 ms).
            while (true)
            {
                left.Add(q.Get(TimeSpan.FromSeconds(2)));
            }
        }
        catch (QueueEmptyException)
        {
        }

        Assert.Equal(9, printed.Count);
        Assert.Equal(Enumerable.Range(0, 10), printed.Concat(left).Order());
    }

    [Fact]
    public void When_the_owner_dies_a_Get_blocked_in_another_process_fails_with_OwnerLostException()
    {
        var handOut = new ProcessQueue<ProcessQueue<int>>();
        var report = new ProcessQueue<string>();
        var owner = new Process(() => QueueWork.OwnAQueue(handOut));
        owner.Start();
        var owned = handOut.Get(Generous);
        var waiter = new Process(() => QueueWork.GetOrReportLost(owned, report));
        waiter.Start();
        Assert.Equal("blocking", report.Get(Generous));

        owner.Kill();

        Assert.True(owner.Join(Generous));
        Assert.StartsWith("lost: The process that owns the ProcessQueue<Int32>", report.Get(Generous));
        Assert.True(waiter.Join(Generous));
    }

    [Fact]
    public void JoinableQueue_Join_returns_once_four_workers_marked_every_item_done()
    {
        var jobs = new JoinableQueue<int>();
        var done = new ProcessQueue<int>();
        var workers = Enumerable.Range(0, 4).Select(_ => new Process(() => QueueWork.Work(jobs, done), daemon: true)).ToList();
        workers.ForEach(w => w.Start());
        for (var i = 0; i < 40; i++)
        {
            jobs.Put(i);
        }

        jobs.Join();

        Assert.Equal(40, done.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * 10), Enumerable.Range(0, 40).Select(_ => done.Get()).Order());
        workers.ForEach(w => w.Kill());
        Assert.All(workers, w => Assert.True(w.Join(Generous)));
    }

    [Fact]
    public void TaskDone_more_often_than_items_throws()
    {
        var q = new JoinableQueue<string>();
        q.Put("job");
        q.Get();
        q.TaskDone();

        var e = Assert.Throws<InvalidOperationException>(q.TaskDone);

        Assert.StartsWith("TaskDone() called too many times", e.Message);
        Assert.Contains("call it once for each item taken with Get", e.Message);
        q.Join();
    }

    [Fact]
    public async Task A_cancelled_JoinAsync_stops_waiting_and_Join_still_works_after()
    {
        var q = new JoinableQueue<int>();
        q.Put(1);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q.JoinAsync(cts.Token));

        q.Get();
        q.TaskDone();
        await q.JoinAsync().WaitAsync(Generous);
    }

    [Fact]
    public void SimpleQueue_puts_and_gets_across_processes()
    {
        var q = new SimpleQueue<object?[]>();
        Assert.True(q.IsEmpty);
        var back = new ProcessQueue<object?[]>();
        var inner = new ProcessQueue<object?[]>();
        var p = new Process(() => QueueWork.PutHello(inner));
        p.Start();

        q.Put(inner.Get(Generous));

        Assert.False(q.IsEmpty);
        Assert.Equal(new object?[] { 42, null, "hello" }, q.Get());
        q.Close();
        Assert.Throws<ObjectDisposedException>(() => q.Put([]));
        Assert.True(p.Join(Generous));
    }
}
