using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Channels;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// The client a process on another host uses (RemoteChannel), here against an owner in this process: puts and
/// gets through the owner keep CPython's rules (order, timeouts, nowait, task counts, cancellation) and leave
/// nothing claimed behind.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class RemoteChannelSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Puts_and_gets_through_the_owner_keep_their_order_and_lose_nothing()
    {
        using var queue = new ProcessQueue<int>();
        var remote = new RemoteChannel(queue.Channel);

        for (var i = 0; i < 100; i++)
        {
            Assert.True(await remote.PutAsync(Item(i), backlog: true, block: true, timeout: null, CancellationToken.None));
        }

        Assert.Equal(Enumerable.Range(0, 100), Enumerable.Range(0, 100).Select(_ => queue.Get(Generous)));
        for (var i = 0; i < 100; i++)
        {
            queue.Put(i);
        }

        var taken = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            taken.Add(Value(await remote.TakeAsync(ItemCodec.Decode<int>, block: true, Generous, CancellationToken.None)));
        }

        Assert.Equal(Enumerable.Range(0, 100), taken);
        Assert.Equal(0, remote.Count());
    }

    [Fact]
    public async Task A_get_cancelled_while_it_waits_throws_and_leaves_nothing_claimed()
    {
        using var queue = new ProcessQueue<int>();
        var remote = new RemoteChannel(queue.Channel);
        using var cancel = new CancellationTokenSource();

        var waiting = remote.TakeAsync(ItemCodec.Decode<int>, block: true, timeout: null, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Generous));
        queue.Put(1);
        Assert.Equal(1, queue.GetNowait());
    }

    [Fact]
    public async Task A_get_on_an_empty_queue_answers_empty_at_once_or_after_its_timeout()
    {
        using var queue = new ProcessQueue<int>();
        var remote = new RemoteChannel(queue.Channel);

        var nowait = await remote.TakeAsync(ItemCodec.Decode<int>, block: false, timeout: null, CancellationToken.None);
        var timedOut = await remote.TakeAsync(ItemCodec.Decode<int>, block: true, TimeSpan.FromMilliseconds(200), CancellationToken.None);

        Assert.Equal(TakeOutcome.Empty, nowait.Outcome);
        Assert.Equal(TakeOutcome.Empty, timedOut.Outcome);
    }

    [Fact]
    public async Task A_reader_that_throws_still_takes_the_item_as_in_the_ring()
    {
        using var queue = new ProcessQueue<string>();
        queue.Put("x");
        var remote = new RemoteChannel(queue.Channel);

        await Assert.ThrowsAsync<FormatException>(async () =>
            await remote.TakeAsync<int>(_ => throw new FormatException("unreadable"), block: true, Generous, CancellationToken.None));

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_put_on_a_full_bounded_queue_gives_up_at_once_or_after_its_timeout()
    {
        using var queue = new ProcessQueue<int>(maxSize: 1);
        queue.Put(0);
        var remote = new RemoteChannel(queue.Channel);

        Assert.False(await remote.PutAsync(Item(1), backlog: true, block: false, timeout: null, CancellationToken.None));
        Assert.False(await remote.PutAsync(Item(1), backlog: true, block: true, TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task Task_counts_and_join_work_through_the_owner()
    {
        using var queue = new JoinableQueue<int>();
        queue.Put(1);
        queue.Put(2);
        var remote = new RemoteChannel(queue.Channel);
        var joined = remote.JoinTasksAsync(CancellationToken.None);

        queue.GetNowait();
        queue.GetNowait();
        Assert.True(remote.TaskDone());
        Assert.True(remote.TaskDone());

        await joined.WaitAsync(Generous);
        Assert.False(remote.TaskDone());
    }

    [Fact]
    public async Task A_call_to_a_channel_whose_owner_actor_is_gone_throws_OwnerLostException()
    {
        var queue = new ProcessQueue<int>();
        var remote = new RemoteChannel(queue.Channel);
        var owner = Runtime.Current.System.Provider.ResolveActorRef(queue.Channel.OwnerActor);

        queue.Dispose();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await owner.Ask<ActorIdentity>(new Identify(null), Generous)).Subject is not null)
        {
            Assert.True(waited.Elapsed < Generous, "The owner actor of a disposed queue did not stop.");
            await Task.Delay(50);
        }

        // Unanswered, the call asks the owner's system whether the actor is there at all.
        var error = Assert.Throws<OwnerLostException>(() => remote.Count());
        Assert.Contains("was disposed by its owner", error.Message);
    }

    private static byte[] Item(int value) => ItemCodec.Encode(value, "The item").ToArray();

    private static T Value<T>((TakeOutcome Outcome, T? Value) taken) =>
        taken.Outcome == TakeOutcome.Item ? taken.Value! : throw new Xunit.Sdk.XunitException($"Took nothing: {taken.Outcome}.");
}
