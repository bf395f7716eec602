using Akka.Actor;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// The owner's side of calls from processes on other hosts (<see cref="RemoteChannel"/>): it carries each out in
/// its ring, on the caller's behalf, as a put or get of this process. Quick calls (count, close, task done, commit)
/// run here; a call that may wait runs on the thread pool and waits on the async-wait thread, never on this actor's
/// dispatcher, and comes back as <see cref="Finished"/>; the <see cref="CallLedger"/> keeps what must happen once.
/// </summary>
internal sealed partial class ChannelActor
{
    private CallLedger _calls = null!;
    private long _itemLimit;

    private void ReceiveCalls()
    {
        _calls = new CallLedger(_channel);
        _itemLimit = RemoteChannel.ItemLimit(Context.System);
        Receive<ChannelCall>(call =>
        {
            try
            {
                OnCall(call);
            }
            catch (Exception e)
            {
                // The caller's to handle, as if it had called the ring itself; thrown here, it would restart this
                // actor, which ends the channel for everyone.
                Sender.Tell(new ChannelAnswer(call.Id, CallOutcome.Failed, Error: e));
            }
        });
        Receive<Finished>(finished => Guarded(() => _calls.Finish(finished.Id, finished.Answer, finished.Claim)));
    }

    private void OnCall(ChannelCall call)
    {
        switch (call)
        {
            case AbandonCall:
                _calls.Abandon(call.Id, Sender);
                return;
            case CommitCall:
                Sender.Tell(_calls.Commit(call.Id));
                return;
            case CountCall:
                Sender.Tell(new ChannelAnswer(call.Id, CallOutcome.Done, Number: _channel.Count()));
                return;
            case CloseCall close:
                if (close.Reading)
                {
                    _channel.CloseReading();
                }
                else
                {
                    _channel.CloseWriting();
                }

                Sender.Tell(new ChannelAnswer(call.Id, CallOutcome.Done));
                return;
        }

        if (_calls.Repeated(call, Sender))
        {
            return;
        }

        var stop = _calls.Begin(call, Sender);
        switch (call)
        {
            case TaskDoneCall:
                CarryOut(call.Id, stop, _ => Task.FromResult(Answered(call.Id, CallOutcome.Done, number: _channel.TaskDone() ? 1 : 0)));
                break;
            case PutCall put:
                CarryOut(call.Id, stop, async token => Answered(
                    call.Id,
                    await _channel.PutAsync(put.Item, put.Backlog, block: put.Wait > TimeSpan.Zero, put.Wait, token, sync: false).ConfigureAwait(false) ? CallOutcome.Done : CallOutcome.NotYet));
                break;
            case ClaimCall claim:
                CarryOut(call.Id, stop, token => ClaimAsync(claim, token));
                break;
            case PeekCall peek:
                CarryOut(call.Id, stop, async token => Answered(
                    call.Id,
                    await _channel.PeekAsync(peek.Wait, token, sync: false).ConfigureAwait(false) ? CallOutcome.Done : CallOutcome.NotYet));
                break;
            case JoinTasksCall join:
                CarryOut(call.Id, stop, token => JoinTasksAsync(join, token));
                break;
        }
    }

    /// <summary>Runs <paramref name="work"/> off this actor; its end, or its exception, comes back as <see cref="Finished"/>.</summary>
    private void CarryOut(Guid id, CancellationToken stop, Func<CancellationToken, Task<Finished>> work) =>
        Task.Run(() => work(stop)).PipeTo(Self, failure: e => new Finished(id, Failure(id, e)));

    private async Task<Finished> ClaimAsync(ClaimCall call, CancellationToken stop)
    {
        var claim = await _channel.ClaimAsync(call.Wait, stop).ConfigureAwait(false);
        if (claim.Outcome != TakeOutcome.Item)
        {
            return Answered(call.Id, claim.Outcome == TakeOutcome.EndOfChannel ? CallOutcome.Ended : CallOutcome.NotYet);
        }

        if (claim.Bytes!.Length > _itemLimit)
        {
            _channel.ReturnClaim(claim.At);
            throw RemoteChannel.TooLarge($"The first item of the {_channel.Description}", claim.Bytes.Length, _itemLimit, "take it on the owner's host");
        }

        return new Finished(call.Id, new ChannelAnswer(call.Id, CallOutcome.Claimed, claim.Bytes), claim);
    }

    private async Task<Finished> JoinTasksAsync(JoinTasksCall call, CancellationToken stop)
    {
        using var slice = CancellationTokenSource.CreateLinkedTokenSource(stop);
        slice.CancelAfter(call.Wait);
        try
        {
            await _channel.JoinTasksAsync(slice.Token).ConfigureAwait(false);
            return Answered(call.Id, CallOutcome.Done);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return Answered(call.Id, CallOutcome.NotYet);
        }
    }

    private static Finished Answered(Guid id, CallOutcome outcome, int number = 0) => new(id, new ChannelAnswer(id, outcome, Number: number));

    private static ChannelAnswer Failure(Guid id, Exception error) => (error is AggregateException { InnerException: { } inner } ? inner : error) switch
    {
        OperationCanceledException => new ChannelAnswer(id, CallOutcome.Cancelled),
        var e => new ChannelAnswer(id, CallOutcome.Failed, Error: e),
    };

    /// <summary>Runs a step of the ledger that touches the ring; what it throws is logged, not let through (it would end the channel).</summary>
    private void Guarded(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e)
        {
            Context.GetLogger().Warning(e, "The {0} could not settle a call from another host.", _channel.Description);
        }
    }

    /// <summary>A call carried out off the actor: its answer, and the item it claimed.</summary>
    private sealed record Finished(Guid Id, ChannelAnswer Answer, Claim? Claim = null);
}
