using Actors.Multiprocessing.Internal.Os;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

internal sealed partial class ChannelActor
{
    /// <summary>
    /// Forgets the waiting requests of processes that died, and puts the items they were sent but never
    /// confirmed back at the head of the queue, in their order: a taker killed while blocked loses nothing.
    /// </summary>
    private void OnCheckPeers()
    {
        var dead = _takers.Concat(_offerers).Concat(_peekers).Concat(_joiners).Select(w => w.Pid)
            .Concat(_inFlight.Values.Select(f => f.Pid))
            .Distinct()
            .Where(pid => !PidWatch.IsAlive(pid))
            .ToHashSet();
        if (dead.Count == 0)
        {
            return;
        }

        foreach (var waiters in new[] { _takers, _offerers, _peekers, _joiners })
        {
            for (var node = waiters.First; node is not null;)
            {
                var next = node.Next;
                if (dead.Contains(node.Value.Pid))
                {
                    // A dead putter's item was never put: its file goes with its wait.
                    node.Value.Item?.Discard();
                    waiters.Remove(node);
                }

                node = next;
            }
        }

        var orphans = _inFlight.Where(f => dead.Contains(f.Value.Pid)).OrderByDescending(f => f.Value.Order).ToList();
        foreach (var (id, flight) in orphans)
        {
            _inFlight.Remove(id);
            _items.AddFirst(flight.Item);
        }

        Dispatch();
    }

    /// <summary>The owner disposed the channel: every waiting and future request is answered Gone.</summary>
    private void BecomeGone()
    {
        DiscardAll();
        AnswerAllGone();
        Timers.CancelAll();
        Become(() => ReceiveAny(message =>
        {
            if (message is Push push)
            {
                push.Item.Discard();
            }
            else if (message is Offer offer)
            {
                offer.Item.Discard();
                Sender.Tell(new Gone());
            }
            else if (message is not (Received or Cancel or Abandon or CloseWriting or CloseReading))
            {
                Sender.Tell(new Gone());
            }
        }));
    }

    /// <summary>Removes the files of every item held here: queued, in flight, or offered by a waiting putter.</summary>
    private void DiscardAll()
    {
        foreach (var item in _items.Concat(_inFlight.Values.Select(f => f.Item)).Concat(_offerers.Select(o => o.Item!)))
        {
            item.Discard();
        }

        _items.Clear();
        _inFlight.Clear();
    }

    private void AnswerAllGone()
    {
        foreach (var waiter in _takers.Concat(_offerers).Concat(_peekers).Concat(_joiners))
        {
            waiter.ReplyTo.Tell(new Gone());
        }

        _takers.Clear();
        _offerers.Clear();
        _peekers.Clear();
        _joiners.Clear();
    }
}
