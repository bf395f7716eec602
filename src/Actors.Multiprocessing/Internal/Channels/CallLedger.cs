using System.Diagnostics;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// The owner's record of the calls from other hosts (<see cref="ChannelCall"/>), kept by its
/// <see cref="ChannelActor"/>: who waits for each answer, the answer once given (a call sent again is answered
/// again, never carried out twice), and the items claimed but not committed. A claim whose taker is silent for
/// the lease goes back in its place, and a commit after that is answered Expired: so the owner alone decides,
/// once, whether a claimed item was taken. Answered calls are forgotten two leases after they were last asked.
/// </summary>
internal sealed class CallLedger(ChannelClient channel)
{
    private readonly Dictionary<Guid, Call> _calls = [];

    /// <summary>Whether the call is known: its caller then gets the answer given, or will get the one to come.</summary>
    public bool Repeated(ChannelCall call, IActorRef caller)
    {
        if (!_calls.TryGetValue(call.Id, out var known))
        {
            return false;
        }

        known.Heard = Stopwatch.GetTimestamp();
        if (known.Answer is { } answer)
        {
            caller.Tell(answer);
        }
        else
        {
            known.Caller = caller;
        }

        return true;
    }

    /// <summary>Records a call being carried out; its token stops it if it is abandoned.</summary>
    public CancellationToken Begin(ChannelCall call, IActorRef caller)
    {
        var entry = new Call(caller);
        _calls[call.Id] = entry;
        return entry.Stop.Token;
    }

    /// <summary>Answers a call carried out; a claim is kept until committed, unless its call was abandoned meanwhile.</summary>
    public void Finish(Guid id, ChannelAnswer answer, Claim? claim)
    {
        var call = _calls[id];
        if (claim is { } claimed && call.Stop.IsCancellationRequested)
        {
            channel.ReturnClaim(claimed.At);
            answer = new ChannelAnswer(id, CallOutcome.Cancelled);
        }
        else
        {
            call.Claim = claim;
        }

        call.Answer = answer;
        call.Heard = Stopwatch.GetTimestamp();
        call.Caller.Tell(answer);
    }

    /// <summary>Takes the item claimed by the call <paramref name="id"/> out of the queue, once: Done, or Expired when it went back.</summary>
    public ChannelAnswer Commit(Guid id)
    {
        if (!_calls.TryGetValue(id, out var call) || (call.Claim is null && !call.Committed))
        {
            return new ChannelAnswer(id, CallOutcome.Expired);
        }

        call.Heard = Stopwatch.GetTimestamp();
        if (call.Claim is { } claim)
        {
            channel.CommitClaim(claim);
            call.Claim = null;
            call.Committed = true;
            // Its bytes are not needed any more: the taker has them, and asks for the claim no more.
            call.Answer = call.Answer! with { Item = null };
        }

        return new ChannelAnswer(id, CallOutcome.Done);
    }

    /// <summary>
    /// The caller gave the call up: one being carried out is stopped (its end answers <paramref name="caller"/>),
    /// a claim goes back; a call carried out already is answered as it was.
    /// </summary>
    public void Abandon(Guid id, IActorRef caller)
    {
        if (!_calls.TryGetValue(id, out var call))
        {
            caller.Tell(new ChannelAnswer(id, CallOutcome.Cancelled));
            return;
        }

        if (call.Answer is null)
        {
            call.Caller = caller;
            call.Stop.Cancel();
            return;
        }

        if (call.Claim is { } claim)
        {
            channel.ReturnClaim(claim.At);
            call.Claim = null;
            call.Answer = new ChannelAnswer(id, CallOutcome.Cancelled);
        }

        caller.Tell(call.Answer);
    }

    /// <summary>Puts back the claims whose takers were silent for <paramref name="lease"/>, and forgets calls answered long ago.</summary>
    public void Expire(TimeSpan lease)
    {
        foreach (var (id, call) in _calls.ToList())
        {
            var silent = Stopwatch.GetElapsedTime(call.Heard);
            if (call.Claim is { } claim && silent > lease)
            {
                channel.ReturnClaim(claim.At);
                call.Claim = null;
                call.Answer = new ChannelAnswer(id, CallOutcome.Expired);
            }
            else if (call.Answer is not null && call.Claim is null && silent > 2 * lease)
            {
                _calls.Remove(id);
                call.Stop.Dispose();
            }
        }
    }

    /// <summary>The channel is over: every call still being carried out is stopped and answered with <paramref name="error"/>.</summary>
    public void FailPending(Exception error)
    {
        foreach (var (id, call) in _calls.Where(c => c.Value.Answer is null))
        {
            call.Stop.Cancel();
            call.Caller.Tell(new ChannelAnswer(id, CallOutcome.Failed, Error: error));
        }
    }

    private sealed class Call(IActorRef caller)
    {
        public IActorRef Caller { get; set; } = caller;

        public CancellationTokenSource Stop { get; } = new();

        public ChannelAnswer? Answer { get; set; }

        /// <summary>The item claimed for the caller, until it is committed or goes back.</summary>
        public Claim? Claim { get; set; }

        public bool Committed { get; set; }

        /// <summary>When the caller was last heard from, or answered.</summary>
        public long Heard { get; set; } = Stopwatch.GetTimestamp();
    }
}
