using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Channels;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// The owner's side of calls from other hosts, spoken to directly (as a caller whose answers get lost would):
/// a call sent again is carried out once, a claimed item stays in its place until committed and goes back when
/// its taker gives up or falls silent, and the owner alone decides, once, whether it was taken.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ChannelCallSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_claim_asked_twice_gets_the_same_item_and_a_commit_asked_twice_takes_it_once()
    {
        using var queue = new ProcessQueue<int>();
        queue.Put(1);
        queue.Put(2);
        var claim = new ClaimCall(Guid.NewGuid(), TimeSpan.Zero);

        var first = await Ask(queue, claim);
        var again = await Ask(queue, claim);

        Assert.Equal((CallOutcome.Claimed, 1), (first.Outcome, ItemCodec.Decode<int>(first.Item)));
        Assert.Equal((CallOutcome.Claimed, 1), (again.Outcome, ItemCodec.Decode<int>(again.Item)));
        // Claimed, it is still in the queue, and the takers here pass it by.
        Assert.Equal(2, queue.Count);
        Assert.Equal(2, queue.GetNowait());
        Assert.Equal(CallOutcome.Done, (await Ask(queue, new CommitCall(claim.Id))).Outcome);
        Assert.Equal(CallOutcome.Done, (await Ask(queue, new CommitCall(claim.Id))).Outcome);
        Assert.Equal(0, queue.Count);
        Assert.Throws<QueueEmptyException>(() => queue.GetNowait());
    }

    [Fact]
    public async Task A_claim_abandoned_goes_back_in_its_place_and_its_commit_is_refused()
    {
        using var queue = new ProcessQueue<int>();
        queue.Put(1);
        queue.Put(2);
        var claim = new ClaimCall(Guid.NewGuid(), TimeSpan.Zero);
        Assert.Equal(CallOutcome.Claimed, (await Ask(queue, claim)).Outcome);

        var abandoned = await Ask(queue, new AbandonCall(claim.Id));

        Assert.Equal(CallOutcome.Cancelled, abandoned.Outcome);
        Assert.Equal(CallOutcome.Expired, (await Ask(queue, new CommitCall(claim.Id))).Outcome);
        Assert.Equal([1, 2], new[] { queue.GetNowait(), queue.GetNowait() });
    }

    [Fact]
    public async Task A_claim_whose_taker_falls_silent_goes_back_and_its_late_commit_is_refused()
    {
        using var queue = new ProcessQueue<int>();
        queue.Put(1);
        var ledger = new CallLedger(queue.Channel);
        var call = new ClaimCall(Guid.NewGuid(), TimeSpan.Zero);
        ledger.Begin(call, ActorRefs.Nobody);
        var claimed = await queue.Channel.ClaimAsync(TimeSpan.Zero, CancellationToken.None);
        ledger.Finish(call.Id, new ChannelAnswer(call.Id, CallOutcome.Claimed, claimed.Bytes), claimed);
        Assert.Throws<QueueEmptyException>(() => queue.GetNowait());

        ledger.Expire(lease: TimeSpan.Zero);

        Assert.Equal(CallOutcome.Expired, ledger.Commit(call.Id).Outcome);
        Assert.Equal(1, queue.GetNowait());
    }

    [Fact]
    public async Task A_put_sent_twice_is_put_once()
    {
        using var queue = new ProcessQueue<int>();
        var put = new PutCall(Guid.NewGuid(), ItemCodec.Encode(7, "The item").ToArray(), Backlog: true, TimeSpan.Zero);

        Assert.Equal(CallOutcome.Done, (await Ask(queue, put)).Outcome);
        Assert.Equal(CallOutcome.Done, (await Ask(queue, put)).Outcome);

        Assert.Equal(1, queue.Count);
        Assert.Equal(7, queue.GetNowait());
    }

    [Fact]
    public async Task A_waiting_claim_is_answered_when_an_item_comes_and_the_owner_answers_others_meanwhile()
    {
        using var queue = new ProcessQueue<string>();
        var waiting = Ask(queue, new ClaimCall(Guid.NewGuid(), Generous));

        var count = await Ask(queue, new CountCall(Guid.NewGuid()));
        queue.Put("hello");

        Assert.Equal((CallOutcome.Done, 0), (count.Outcome, count.Number));
        var answer = await waiting;
        Assert.Equal((CallOutcome.Claimed, "hello"), (answer.Outcome, ItemCodec.Decode<string>(answer.Item)));
    }

    [Fact]
    public async Task A_waiting_claim_abandoned_is_answered_cancelled_and_takes_nothing()
    {
        using var queue = new ProcessQueue<int>();
        var claim = new ClaimCall(Guid.NewGuid(), Generous);
        var waiting = Ask(queue, claim);

        var abandoned = await Ask(queue, new AbandonCall(claim.Id));
        queue.Put(1);

        Assert.Equal(CallOutcome.Cancelled, abandoned.Outcome);
        Assert.Equal(1, queue.Get(Generous));
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task A_waiting_claim_fails_with_OwnerLostException_when_the_owner_disposes_the_queue()
    {
        var queue = new ProcessQueue<int>();
        var waiting = Ask(queue, new ClaimCall(Guid.NewGuid(), Generous));

        queue.Dispose();

        var answer = await waiting;
        Assert.Equal(CallOutcome.Failed, answer.Outcome);
        Assert.IsType<OwnerLostException>(answer.Error);
    }

    private static Task<ChannelAnswer> Ask<T>(ProcessQueue<T> queue, ChannelCall call) =>
        Runtime.Current.System.Provider.ResolveActorRef(queue.Channel.OwnerActor).Ask<ChannelAnswer>(call, Generous);
}
