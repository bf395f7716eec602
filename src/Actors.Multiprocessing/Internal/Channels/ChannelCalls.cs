using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// A call from a process on another host to a channel's owner (<see cref="ChannelActor"/>), which carries it out
/// in its ring. <see cref="Id"/> names one attempt: the same call sent again (its answer was lost) is carried out
/// once and answered again. A call that waits waits at most <c>Wait</c>, a slice of the caller's timeout.
/// </summary>
internal abstract record ChannelCall(Guid Id) : IWireMessage;

/// <summary>Puts an item's bytes (a queue's, with its backlog rule; a pipe's send without), waiting for room at most <paramref name="Wait"/>.</summary>
internal sealed record PutCall(Guid Id, byte[] Item, bool Backlog, TimeSpan Wait) : ChannelCall(Id);

/// <summary>Claims the first item for the caller, waiting for one at most <paramref name="Wait"/>: it stays in its place until committed.</summary>
internal sealed record ClaimCall(Guid Id, TimeSpan Wait) : ChannelCall(Id);

/// <summary>Takes the item claimed by the call <paramref name="Id"/> out of the queue: the last step of a Get.</summary>
internal sealed record CommitCall(Guid Id) : ChannelCall(Id);

/// <summary>Whether an item (or the end of the stream) is there, waiting for one at most <paramref name="Wait"/>.</summary>
internal sealed record PeekCall(Guid Id, TimeSpan Wait) : ChannelCall(Id);

/// <summary>The number of items.</summary>
internal sealed record CountCall(Guid Id) : ChannelCall(Id);

/// <summary>Marks one item done (JoinableQueue.TaskDone).</summary>
internal sealed record TaskDoneCall(Guid Id) : ChannelCall(Id);

/// <summary>Whether every item put is done, waiting for that at most <paramref name="Wait"/> (JoinableQueue.Join).</summary>
internal sealed record JoinTasksCall(Guid Id, TimeSpan Wait) : ChannelCall(Id);

/// <summary>Closes the pipe direction's reading end (<paramref name="Reading"/>) or its writing end.</summary>
internal sealed record CloseCall(Guid Id, bool Reading) : ChannelCall(Id);

/// <summary>The caller gave up the call <paramref name="Id"/> (its token was cancelled): answered with that call's last answer.</summary>
internal sealed record AbandonCall(Guid Id) : ChannelCall(Id);

/// <summary>How a <see cref="ChannelCall"/> ended.</summary>
internal enum CallOutcome
{
    /// <summary>Carried out: put, committed, ready, done; <see cref="ChannelAnswer.Number"/> holds a count or a flag.</summary>
    Done,

    /// <summary>Not within its wait: full, empty, not ready, not all done. The caller asks again while its own timeout lasts.</summary>
    NotYet,

    /// <summary>An item was claimed for the caller: <see cref="ChannelAnswer.Item"/>.</summary>
    Claimed,

    /// <summary>The other end of the pipe was closed and everything sent was taken.</summary>
    Ended,

    /// <summary>The claim went back to the queue (its taker was silent for the lease, or gave up): claim again.</summary>
    Expired,

    /// <summary>The call was abandoned before it was carried out.</summary>
    Cancelled,

    /// <summary>The call threw at the owner: <see cref="ChannelAnswer.Error"/>.</summary>
    Failed,
}

/// <summary>The owner's answer to the call <paramref name="Id"/>.</summary>
internal sealed record ChannelAnswer(Guid Id, CallOutcome Outcome, byte[]? Item = null, int Number = 0, Exception? Error = null) : IWireMessage;
