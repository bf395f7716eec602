using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// Owns the items of one queue, or of one direction of a pipe, in the process that created it: a FIFO of
/// serialized items with CPython's blocking rules (a bounded capacity, waiting takers and putters, TaskDone
/// accounting, end of channel for pipes). An item handed to a taker stays owned here until the taker confirms
/// it; if the taker's process dies first, the item goes back to the head of the queue (nothing is lost).
/// </summary>
internal sealed partial class ChannelActor : ReceiveActor, IWithTimers
{
    private readonly int? _capacity;
    private readonly LinkedList<Payload> _items = new();
    private readonly LinkedList<Waiter> _takers = new();
    private readonly LinkedList<Waiter> _offerers = new();
    private readonly LinkedList<Waiter> _peekers = new();
    private readonly Dictionary<Guid, InFlight> _inFlight = [];
    private readonly LinkedList<Waiter> _joiners = new();
    private readonly HashSet<IActorRef> _writers = [];
    private long _deliveries;
    private int _unfinished;
    private bool _writingClosed;
    private bool _readingClosed;

    public ChannelActor(int? capacity)
    {
        _capacity = capacity;
        Receive<Push>(OnPush);
        Receive<Offer>(OnOffer);
        Receive<Take>(OnTake);
        Receive<Peek>(OnPeek);
        Receive<Cancel>(OnCancel);
        Receive<Received>(OnReceived);
        Receive<Abandon>(OnAbandon);
        Receive<Flush>(_ => Sender.Tell(new Flushed()));
        Receive<CountItems>(_ => Sender.Tell(new Counted(_items.Count)));
        Receive<TaskDone>(_ => OnTaskDone());
        Receive<JoinTasks>(OnJoinTasks);
        Receive<CloseWriting>(_ => OnCloseWriting());
        Receive<CloseReading>(_ => OnCloseReading());
        Receive<CheckPeers>(_ => OnCheckPeers());
        Receive<DisposeChannel>(_ => BecomeGone());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(int? capacity) => Akka.Actor.Props.Create(() => new ChannelActor(capacity));

    protected override void PreStart() => Timers.StartPeriodicTimer("peers", new CheckPeers(), Runtime.CurrentSettings.PeerCheckInterval);

    protected override void PostStop()
    {
        DiscardAll();
        AnswerAllGone();
    }

    private bool HasRoom => _capacity is not { } capacity || _items.Count < capacity;

    private void OnPush(Push push)
    {
        if (!Sender.IsNobody())
        {
            _writers.Add(Sender);
        }

        if (_readingClosed)
        {
            // Nobody will read it: dropped, and the sender learns that its next Send fails.
            push.Item.Discard();
            Sender.Tell(new ReaderClosed(Self));
            return;
        }

        // Null: its writer was killed and its file swept before it arrived.
        if (push.Item.KeptBy(Environment.ProcessId) is { } item)
        {
            Enqueue(item);
        }
    }

    /// <summary>The taker read its item: a spilled item's file goes now.</summary>
    private void OnReceived(Received received)
    {
        if (_inFlight.Remove(received.Id, out var flight))
        {
            flight.Item.Discard();
        }
    }

    /// <summary>The taker gave up on the answer it was sent: its item goes back to the head of the queue.</summary>
    private void OnAbandon(Abandon abandon)
    {
        if (_inFlight.Remove(abandon.Id, out var flight))
        {
            _items.AddFirst(flight.Item);
            Dispatch();
        }
    }

    private void OnOffer(Offer received)
    {
        if (received.Item.KeptBy(Environment.ProcessId) is not { } item)
        {
            // Its writer was killed and its file swept before it arrived.
            Sender.Tell(new Full());
            return;
        }

        var offer = received with { Item = item };
        if (HasRoom)
        {
            Enqueue(offer.Item);
            Sender.Tell(new Accepted());
        }
        else if (offer.Block)
        {
            _offerers.AddLast(new Waiter(offer.Id, Sender, offer.Pid, offer.Item));
        }
        else
        {
            // Refused for good: nobody else holds the item's file (the putter serialized it for this channel).
            offer.Item.Discard();
            Sender.Tell(new Full());
        }
    }

    private void OnTake(Take take)
    {
        if (_items.Count > 0)
        {
            Deliver(take.Id, Sender, take.Pid);
            Dispatch();
        }
        else if (_writingClosed)
        {
            Sender.Tell(new EndOfChannel());
        }
        else if (take.Block)
        {
            _takers.AddLast(new Waiter(take.Id, Sender, take.Pid, null));
        }
        else
        {
            Sender.Tell(new Empty());
        }
    }

    private void OnPeek(Peek peek)
    {
        if (_items.Count > 0 || _writingClosed || !peek.Block)
        {
            Sender.Tell(new Ready(_items.Count > 0 || _writingClosed));
        }
        else
        {
            _peekers.AddLast(new Waiter(peek.Id, Sender, peek.Pid, null));
        }
    }

    private void OnCancel(Cancel cancel)
    {
        if (Remove(_takers, cancel.Id) is { } taker)
        {
            taker.ReplyTo.Tell(new Empty());
        }
        else if (Remove(_offerers, cancel.Id) is { } offerer)
        {
            offerer.Item!.Discard();
            offerer.ReplyTo.Tell(new Full());
        }
        else if (Remove(_peekers, cancel.Id) is { } peeker)
        {
            peeker.ReplyTo.Tell(new Ready(false));
        }
        else if (Remove(_joiners, cancel.Id) is { } joiner)
        {
            joiner.ReplyTo.Tell(new Refused());
        }
    }

    private void OnTaskDone()
    {
        if (_unfinished == 0)
        {
            Sender.Tell(new Refused());
            return;
        }

        _unfinished--;
        Sender.Tell(new Accepted());
        if (_unfinished == 0)
        {
            foreach (var joiner in _joiners)
            {
                joiner.ReplyTo.Tell(new Accepted());
            }

            _joiners.Clear();
        }
    }

    private void OnJoinTasks(JoinTasks join)
    {
        if (_unfinished == 0)
        {
            Sender.Tell(new Accepted());
        }
        else
        {
            _joiners.AddLast(new Waiter(join.Id, Sender, join.Pid, null));
        }
    }

    private void OnCloseWriting()
    {
        _writingClosed = true;
        Dispatch();
    }

    /// <summary>The reading end closed for everyone: what was sent is dropped, and every sender learns it.</summary>
    private void OnCloseReading()
    {
        _readingClosed = true;
        // An owner in this process marks at once, so a Send here fails from now on; others are told.
        BrokenChannels.MarkBroken(Self);
        foreach (var writer in _writers)
        {
            writer.Tell(new ReaderClosed(Self));
        }

        foreach (var item in _items)
        {
            item.Discard();
        }

        _items.Clear();
        _writingClosed = true;
        Dispatch();
    }

    private void Enqueue(Payload item)
    {
        _items.AddLast(item);
        _unfinished++;
        Dispatch();
    }

    /// <summary>Hands items to waiting takers, lets waiting putters in, and wakes pollers.</summary>
    private void Dispatch()
    {
        while (true)
        {
            if (_items.Count > 0 && _takers.First is { } taker)
            {
                _takers.RemoveFirst();
                // A taker of this process's own children that exited since it asked is known dead at once (the
                // peer check drops others later): its item would only come back after that check, behind items
                // put meanwhile.
                if (!PidWatch.IsExitedChild(taker.Value.Pid))
                {
                    Deliver(taker.Value.Id, taker.Value.ReplyTo, taker.Value.Pid);
                }
            }
            else if (HasRoom && _offerers.First is { } offerer)
            {
                _offerers.RemoveFirst();
                _items.AddLast(offerer.Value.Item!);
                _unfinished++;
                offerer.Value.ReplyTo.Tell(new Accepted());
            }
            else
            {
                break;
            }
        }

        if (_items.Count > 0 || _writingClosed)
        {
            foreach (var peeker in _peekers)
            {
                peeker.ReplyTo.Tell(new Ready(true));
            }

            _peekers.Clear();
        }

        if (_items.Count == 0 && _writingClosed)
        {
            foreach (var taker in _takers)
            {
                taker.ReplyTo.Tell(new EndOfChannel());
            }

            _takers.Clear();
        }
    }

    private void Deliver(Guid id, IActorRef taker, int pid)
    {
        var item = _items.First!.Value;
        _items.RemoveFirst();
        _inFlight[id] = new InFlight(item, pid, _deliveries++);
        taker.Tell(new Item(item));
    }

    private static Waiter? Remove(LinkedList<Waiter> waiters, Guid id)
    {
        for (var node = waiters.First; node is not null; node = node.Next)
        {
            if (node.Value.Id == id)
            {
                waiters.Remove(node);
                return node.Value;
            }
        }

        return null;
    }

    /// <summary>A request that waits: a taker, a putter with its item, or a poller.</summary>
    private sealed record Waiter(Guid Id, IActorRef ReplyTo, int Pid, Payload? Item);

    /// <summary>An item sent to a taker and not yet confirmed; <see cref="Order"/> restores queue order on requeue.</summary>
    private sealed record InFlight(Payload Item, int Pid, long Order);

    private sealed record CheckPeers;
}
