using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>ProcessQueue across real processes, with CPython's semantics.</summary>
[Collection(ProcessCollection.Name)]
public sealed class QueueSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_child_puts_and_the_parent_gets_what_it_put()
    {
        var q = new ProcessQueue<object?[]>();
        var p = new Process(() => QueueWork.PutHello(q));

        p.Start();
        var got = q.Get(Generous);

        Assert.Equal(new object?[] { 42, null, "hello" }, got);
        Assert.True(p.Join(Generous));
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public void Items_keep_their_order_from_one_producer_to_a_consumer_in_another_process()
    {
        var q = new ProcessQueue<int>();
        var results = new ProcessQueue<int>();
        var consumer = new Process(() => QueueWork.Relay(q, results, 100));
        consumer.Start();

        for (var i = 0; i < 100; i++)
        {
            q.Put(i);
        }

        var got = Enumerable.Range(0, 100).Select(_ => results.Get(Generous)).ToList();
        Assert.Equal(Enumerable.Range(0, 100), got);
        Assert.True(consumer.Join(Generous));
    }

    [Fact]
    public void A_producer_that_exits_right_after_Put_loses_nothing()
    {
        var q = new ProcessQueue<int>();
        var producer = new Process(() => QueueWork.PutRange(q, 0, 1000));

        producer.Start();
        Assert.True(producer.Join(Generous));

        Assert.Equal(0, producer.ExitCode);
        Assert.Equal(1000, q.Count);
        Assert.Equal(Enumerable.Range(0, 1000), Enumerable.Range(0, 1000).Select(_ => q.GetNowait()));
    }

    [Fact]
    public void A_producer_that_puts_more_than_the_queue_holds_exits_without_waiting_for_a_reader()
    {
        // 100,000 items are far more than the queue's shared memory holds: what did not fit goes to the owner
        // at exit, so a parent that joins its producer before reading does not deadlock (CPython's does).
        const int count = 100_000;
        var q = new ProcessQueue<int>();
        var producer = new Process(() => QueueWork.PutRange(q, 0, count));

        producer.Start();
        Assert.True(producer.Join(Generous));

        Assert.Equal(0, producer.ExitCode);
        Assert.Equal(Enumerable.Range(0, count), Enumerable.Range(0, count).Select(_ => q.Get(Generous)));
        Assert.Throws<QueueEmptyException>(() => q.GetNowait());
    }

    [Fact]
    public void Get_with_a_timeout_throws_QueueEmptyException_and_GetNowait_at_once()
    {
        var q = new ProcessQueue<int>();

        Assert.Throws<QueueEmptyException>(() => q.Get(TimeSpan.FromMilliseconds(100)));
        Assert.Throws<QueueEmptyException>(() => q.GetNowait());
        q.Put(7);
        Assert.Equal(7, q.Get(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task A_bounded_queue_refuses_when_full_and_lets_in_when_room_frees()
    {
        var q = new ProcessQueue<int>(maxSize: 2);
        q.Put(1);
        q.Put(2);

        Assert.True(q.IsFull);
        Assert.Throws<QueueFullException>(() => q.PutNowait(3));
        Assert.Throws<QueueFullException>(() => q.Put(3, TimeSpan.FromMilliseconds(100)));
        var blocked = q.PutAsync(3, Generous);
        Assert.False(blocked.IsCompleted);
        Assert.Equal(1, q.Get());
        await blocked.WaitAsync(Generous);
        Assert.Equal([2, 3], new[] { q.Get(), q.Get() });
    }

    [Fact]
    public void Count_follows_puts_and_gets_0_1_2_1_0()
    {
        var q = new ProcessQueue<string>();
        var counts = new List<int> { q.Count };
        q.Put("a");
        counts.Add(q.Count);
        q.Put("b");
        counts.Add(q.Count);
        q.Get();
        counts.Add(q.Count);
        q.Get();
        counts.Add(q.Count);

        Assert.Equal([0, 1, 2, 1, 0], counts);
        Assert.True(q.IsEmpty);
        Assert.False(q.IsFull);
    }

    [Fact]
    public async Task Async_put_and_get_work_and_a_cancelled_get_takes_nothing()
    {
        var q = new ProcessQueue<int>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q.GetAsync(cts.Token));
        await q.PutAsync(5);
        Assert.Equal(5, await q.GetAsync());
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void A_closed_handle_refuses_Put_and_Get_and_JoinThread_needs_Close()
    {
        var q = new ProcessQueue<int>();
        var early = Assert.Throws<InvalidOperationException>(q.JoinThread);
        Assert.Contains("call Close() first", early.Message);
        q.Put(1);

        q.Close();

        var put = Assert.Throws<ObjectDisposedException>(() => q.Put(2));
        Assert.Contains("only after this process's last Put and Get", put.Message);
        Assert.Throws<ObjectDisposedException>(() => q.Get());
        q.JoinThread();
        q.CancelJoinThread();
    }

    [Fact]
    public void An_item_that_cannot_be_transferred_fails_in_Put_and_the_queue_stays_usable()
    {
        var q = new ProcessQueue<object>();

        Assert.Throws<TransferException>(() => q.Put(new FileInfo("/tmp/unsafe")));

        q.Put("fine");
        Assert.Equal("fine", q.Get(Generous));
    }

    [Fact]
    public void A_32_MiB_item_round_trips_through_a_child()
    {
        var there = new ProcessQueue<byte[]>();
        var back = new ProcessQueue<byte[]>();
        var data = new byte[32 * 1024 * 1024];
        new Random(1).NextBytes(data);
        var p = new Process(() => QueueWork.Bounce(there, back));
        p.Start();

        there.Put(data);

        Assert.Equal(data, back.Get(Generous));
        Assert.True(p.Join(Generous));
    }
}
