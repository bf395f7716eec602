using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

// The protocol between channel handles (in any process of the family) and the ChannelActor that owns the
// items (in the process that created the queue or pipe). Items are payloads, serialized by the sender's TransferCodec;
// a large one travels as a file kept (and removed once confirmed) by the owner.
// A request that may wait carries an id, so that the caller can cancel it and still get one definitive answer.

/// <summary>Appends an item; no answer (an unbounded put, pipelined as CPython's feeder thread does).</summary>
internal sealed record Push(Payload Item) : IWireMessage;

/// <summary>Appends an item if there is room, or waits for room when <see cref="Block"/>: answered Accepted or Full.</summary>
internal sealed record Offer(Guid Id, Payload Item, int Pid, bool Block) : IWireMessage;

/// <summary>Takes the first item, or waits for one when <see cref="Block"/>: answered Item, Empty or EndOfChannel.</summary>
internal sealed record Take(Guid Id, int Pid, bool Block) : IWireMessage;

/// <summary>Asks whether a Take would answer at once, or waits until it would: answered Ready.</summary>
internal sealed record Peek(Guid Id, int Pid, bool Block) : IWireMessage;

/// <summary>Gives up a waiting request; the owner answers it Empty, Full or Ready(false) unless already answered.</summary>
internal sealed record Cancel(Guid Id) : IWireMessage;

/// <summary>
/// A taker that gave up waiting for the answer to its cancelled request will never use it: an item sent to it
/// goes back to the head of the queue.
/// </summary>
internal sealed record Abandon(Guid Id) : IWireMessage;

/// <summary>Confirms that an Item arrived; until then the owner keeps it and requeues it if the taker dies.</summary>
internal sealed record Received(Guid Id) : IWireMessage;

/// <summary>Answered Flushed once every earlier message of the sender has been handled.</summary>
internal sealed record Flush : IWireMessage;

/// <summary>Asks for the number of items: answered Counted.</summary>
internal sealed record CountItems : IWireMessage;

/// <summary>One item taken earlier is done (JoinableQueue): answered Accepted, or Refused when there is none.</summary>
internal sealed record TaskDone : IWireMessage;

/// <summary>Answered Accepted once every item put has been TaskDone'd (JoinableQueue.Join).</summary>
internal sealed record JoinTasks(Guid Id, int Pid) : IWireMessage;

/// <summary>The writing end of a pipe is closed: takers get EndOfChannel once the items are drained.</summary>
internal sealed record CloseWriting : IWireMessage;

/// <summary>
/// The reading end of a pipe is closed: what was sent is dropped, and every process that sends to it learns
/// (<see cref="ReaderClosed"/>) that its Send now fails, as CPython's BrokenPipeError.
/// </summary>
internal sealed record CloseReading : IWireMessage;

/// <summary>Told to a process that sent to a channel whose reading end is closed.</summary>
internal sealed record ReaderClosed(IActorRef Channel) : IWireMessage;

/// <summary>The owner disposed the channel: it answers Gone from now on.</summary>
internal sealed record DisposeChannel : IWireMessage;

internal sealed record Item(Payload Payload) : IWireMessage;

internal sealed record Empty : IWireMessage;

internal sealed record Full : IWireMessage;

internal sealed record Accepted : IWireMessage;

internal sealed record Refused : IWireMessage;

internal sealed record EndOfChannel : IWireMessage;

internal sealed record Ready(bool IsReady) : IWireMessage;

internal sealed record Flushed : IWireMessage;

internal sealed record Counted(int Items) : IWireMessage;

internal sealed record Gone : IWireMessage;
