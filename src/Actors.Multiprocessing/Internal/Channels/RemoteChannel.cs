using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// A queue's or pipe's client in a process on another host than its ring: every call is a message to the owner's
/// <see cref="ChannelActor"/>, which carries it out in the ring (<see cref="ChannelCall"/>). A call that waits
/// waits at the owner in slices (<c>channels.remote-wait-slice</c>); an answer that has not come a slice after it
/// was due is asked for again under the same id, which the owner carries out once; after
/// <c>shared-memory.remote-lease</c> without an answer the owner is given up. A Get claims the first item (it
/// stays in its place), reads it, then commits it: it returns only once the owner confirmed the commit, so an
/// item is never handed to two Gets, and one whose commit did not come back in time is in the queue again.
/// </summary>
internal sealed class RemoteChannel(ChannelClient channel)
{
    // Room the other fields of a call or an answer take in a frame beside the item: nothing a user tunes.
    private const int FrameMargin = 64 * 1024;

    private IActorRef? _owner;

    /// <summary>The largest item a message between hosts carries in <paramref name="system"/> (Akka.Remote's frame).</summary>
    public static long ItemLimit(ActorSystem system) =>
        (system.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000) - FrameMargin;

    /// <exception cref="TransferException">The item is larger than a message between hosts carries.</exception>
    public async ValueTask<bool> PutAsync(byte[] item, bool backlog, bool block, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limit = ItemLimit(Runtime.Current.System);
        if (item.Length > limit)
        {
            throw TooLarge("The item", item.Length, limit, "put less (a path on shared storage, or parts)");
        }

        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var wait = block ? Slice(timeout, started) : TimeSpan.Zero;
            var answer = await CallAsync(new PutCall(Guid.NewGuid(), item, backlog, wait), wait, cancellationToken).ConfigureAwait(false);
            if (answer.Outcome == CallOutcome.Done)
            {
                return true;
            }

            if (!block || Timeouts.Left(timeout, started) <= TimeSpan.Zero)
            {
                return false;
            }
        }
    }

    public async ValueTask<(TakeOutcome Outcome, TResult? Value)> TakeAsync<TResult>(
        ItemReader<TResult> read, bool block, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        timeout = Timeouts.Normalize(timeout);
        block &= timeout != TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var wait = block ? Slice(timeout, started) : TimeSpan.Zero;
            var claim = new ClaimCall(Guid.NewGuid(), wait);
            var answer = await CallAsync(claim, wait, cancellationToken).ConfigureAwait(false);
            if (answer.Outcome == CallOutcome.Ended)
            {
                return (TakeOutcome.EndOfChannel, default);
            }

            if (answer.Outcome == CallOutcome.Claimed && await CommitAsync(claim.Id, answer.Item!, read).ConfigureAwait(false) is { } taken)
            {
                return (TakeOutcome.Item, taken.Value);
            }

            // Nothing came within the slice, or the claim went back to the queue: claim again while time is left.
            if (answer.Outcome == CallOutcome.NotYet && (!block || Timeouts.Left(timeout, started) <= TimeSpan.Zero))
            {
                return (TakeOutcome.Empty, default);
            }
        }
    }

    public async ValueTask<bool> PeekAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        timeout = Timeouts.Normalize(timeout);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var wait = Slice(timeout, started);
            var answer = await CallAsync(new PeekCall(Guid.NewGuid(), wait), wait, cancellationToken).ConfigureAwait(false);
            if (answer.Outcome == CallOutcome.Done || Timeouts.Left(timeout, started) <= TimeSpan.Zero)
            {
                return answer.Outcome == CallOutcome.Done;
            }
        }
    }

    public int Count() => Call(new CountCall(Guid.NewGuid())).Number;

    public bool TaskDone() => Call(new TaskDoneCall(Guid.NewGuid())).Number != 0;

    public async Task JoinTasksAsync(CancellationToken cancellationToken)
    {
        var slice = Runtime.CurrentSettings.RemoteWaitSlice;
        ChannelAnswer answer;
        do
        {
            answer = await CallAsync(new JoinTasksCall(Guid.NewGuid(), slice), slice, cancellationToken).ConfigureAwait(false);
        }
        while (answer.Outcome != CallOutcome.Done);
    }

    public void Close(bool reading) => Call(new CloseCall(Guid.NewGuid(), reading));

    /// <summary>How long the next call waits at the owner: what is left of the caller's timeout, at most a slice.</summary>
    private static TimeSpan Slice(TimeSpan? timeout, long started)
    {
        var slice = Runtime.CurrentSettings.RemoteWaitSlice;
        return TimeSpan.FromTicks(Math.Clamp((Timeouts.Left(timeout, started) ?? slice).Ticks, 0, slice.Ticks));
    }

    /// <summary>The error for an item larger than <paramref name="limit"/>, naming it and what to do.</summary>
    public static TransferException TooLarge(string part, long length, long limit, string advice) => new(
        part,
        $"it is {length:N0} bytes, more than a message between hosts carries ({limit:N0} bytes: akka.remote.dot-netty.tcp.maximum-frame-size less 64 KiB); {advice}, or raise the frame size on every node");

    /// <summary>
    /// Reads a claimed item, then commits it: the value once the owner confirmed (a reader that threw still takes
    /// the item, and its exception is rethrown then, as in the ring); null when the claim had gone back to the queue.
    /// The commit is not cancelled: its answer decides whose the item is.
    /// </summary>
    private async Task<Taken<TResult>?> CommitAsync<TResult>(Guid claim, byte[] item, ItemReader<TResult> read)
    {
        TResult? value = default;
        ExceptionDispatchInfo? failure = null;
        try
        {
            value = read(item);
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }

        var committed = await CallAsync(new CommitCall(claim), TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        if (committed.Outcome == CallOutcome.Expired)
        {
            return null;
        }

        failure?.Throw();
        return new Taken<TResult>(value);
    }

    private ChannelAnswer Call(ChannelCall call) => CallAsync(call, TimeSpan.Zero, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Sends <paramref name="call"/> until the owner answers it; a call given up for the token is abandoned at the owner first.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled before the owner carried the call out.</exception>
    /// <exception cref="OwnerLostException">The owner disposed the channel, or was silent for the lease.</exception>
    private async Task<ChannelAnswer> CallAsync(ChannelCall call, TimeSpan wait, CancellationToken cancellationToken)
    {
        var settings = Runtime.CurrentSettings;
        var owner = _owner ??= Runtime.Current.System.Provider.ResolveActorRef(channel.OwnerActor);
        var sent = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                // Due after its wait; asked for again a slice after that.
                var answer = await owner.Ask<ChannelAnswer>(call, wait + settings.RemoteWaitSlice, cancellationToken).ConfigureAwait(false);
                return answer.Outcome == CallOutcome.Failed ? throw answer.Error! : answer;
            }
            catch (AskTimeoutException)
            {
                if (Stopwatch.GetElapsedTime(sent) >= settings.RemoteLease)
                {
                    throw Unreachable(settings.RemoteLease);
                }

                if (await IsGoneAsync(owner, settings.RemoteWaitSlice).ConfigureAwait(false))
                {
                    throw channel.GoneError();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The owner may be carrying it out now: its last answer says whether it did.
                var last = await CallAsync(new AbandonCall(call.Id), TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                return last.Outcome == CallOutcome.Cancelled ? throw new OperationCanceledException(cancellationToken) : last;
            }
        }
    }

    /// <summary>Whether the owner's actor is known to be gone (its system says so); false when the system does not answer either.</summary>
    private static async Task<bool> IsGoneAsync(IActorRef owner, TimeSpan bound)
    {
        try
        {
            return (await owner.Ask<ActorIdentity>(new Identify(null), bound).ConfigureAwait(false)).Subject is null;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    private OwnerLostException Unreachable(TimeSpan lease) => new(
        channel.OwnerPid,
        $"The owner of the {channel.Description}, pid {channel.OwnerPid} on another host ({channel.OwnerActor}), has not answered for {Timeouts.Describe(lease)}: " +
        "it has exited, or this host cannot reach it. A queue or pipe used from other hosts must be created in a process they can reach, " +
        "such as a cluster node (a process listening on loopback is reachable from its own host only).");

    /// <summary>A committed item's value (a class, so that "none" is null whatever the value's type).</summary>
    private sealed record Taken<TResult>(TResult? Value);
}
