using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// A handle's way to its <see cref="ChannelActor"/>, from any process of the family. It is part of the handle
/// and travels with it (an actor reference reconnects in the receiving process), so it holds nothing that is
/// local to a process: what is (unflushed pushes) lives in <see cref="Feeders"/>.
/// </summary>
internal sealed class ChannelClient
{
    public ChannelClient(IActorRef actor, int ownerPid, string description)
    {
        Actor = actor;
        OwnerPid = ownerPid;
        Description = description;
    }

    public IActorRef Actor { get; }

    public int OwnerPid { get; }

    /// <summary>How messages name the channel, e.g. "ProcessQueue&lt;Int32&gt; of pid 42".</summary>
    public string Description { get; }

    /// <summary>Creates a channel owned by this process.</summary>
    public static ChannelClient Create(int? capacity, string kind)
    {
        var actor = Runtime.Current.System.ActorOf(ChannelActor.Props(capacity));
        return new ChannelClient(actor, Environment.ProcessId, $"{kind} of pid {Environment.ProcessId}");
    }

    /// <summary>Serializes an item in the caller, so that what cannot be transferred fails here.</summary>
    /// <exception cref="TransferException">The item cannot be transferred.</exception>
    public static byte[] Serialize(object? item, string what) =>
        TransferCodec.Current.SerializeChecked(what, item, new Envelope(item));

    public static T Deserialize<T>(byte[] bytes) => (T)TransferCodec.Current.Deserialize<Envelope>(bytes).Value!;

    /// <summary>Appends without waiting; <see cref="Feeders"/> flushes before this process exits.</summary>
    public void Push(byte[] item)
    {
        Actor.Tell(new Push(item));
        Feeders.Pushed(this);
    }

    /// <summary>
    /// Confirms that the item of request <paramref name="id"/> arrived; like a put, the confirmation reaches the
    /// owner before this process exits (<see cref="Feeders"/>), or the owner would requeue an item already consumed.
    /// </summary>
    public void Confirm(Guid id)
    {
        Actor.Tell(new Received(id));
        if (OwnerPid != Environment.ProcessId)
        {
            // An owner in this process cannot outlive it to hand the item out again.
            Feeders.Confirmed(this);
        }
    }

    public void Tell(object message) => Actor.Tell(message);

    /// <summary>
    /// Sends a request and waits for its answer, for at most <paramref name="timeout"/> (null: no limit). When
    /// the wait ends first, the request is cancelled and its one definitive answer is still awaited, so an item
    /// is never both handed out and reported missing. A cancelled token ends the wait the same way; the caller
    /// decides what a negative answer means then. Fails when the owner process dies.
    /// </summary>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    public async Task<object> CallAsync(Guid id, object request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var answer = Actor.Ask<object>(request, timeout: null, CancellationToken.None);
        var ownerExited = PidWatch.Exited(OwnerPid);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Longer than CancelAfter can count (~24.8 days) is as good as no limit.
        if (timeout is { } t && t.TotalMilliseconds < int.MaxValue)
        {
            limit.CancelAfter(t);
        }

        var first = await Task.WhenAny(answer, ownerExited, Task.Delay(Timeout.Infinite, limit.Token)).ConfigureAwait(false);
        if (first != answer && first != ownerExited)
        {
            Actor.Tell(new Cancel(id));
            first = await Task.WhenAny(answer, ownerExited).ConfigureAwait(false);
        }

        if (first == ownerExited && !answer.IsCompleted)
        {
            throw Lost();
        }

        var result = await answer.ConfigureAwait(false);
        if (result is Gone)
        {
            throw new OwnerLostException(OwnerPid, $"The {Description} was disposed by its owner, pid {OwnerPid}; create a new one.");
        }

        return result;
    }

    /// <summary><see cref="CallAsync(Guid, object, TimeSpan?, CancellationToken)"/> for a request that cannot wait at the owner.</summary>
    public Task<object> CallAsync(object request, CancellationToken cancellationToken = default) =>
        CallAsync(Guid.NewGuid(), request, timeout: null, cancellationToken);

    /// <summary>Waits until the owner has handled everything this process pushed.</summary>
    public Task FlushAsync() => CallAsync(new Flush());

    public OwnerLostException Lost() =>
        new(OwnerPid, $"The process that owns the {Description}, pid {OwnerPid}, has exited; what it held is gone.");

    /// <summary>Wraps every item so that null and value types travel the same way.</summary>
    private sealed record Envelope(object? Value);
}
