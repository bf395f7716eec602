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
    public Payload Pack(object? item, string what) =>
        Payload.Of(TransferCodec.Current.SerializeChecked(what, item, new Envelope(item)));

    /// <summary>Reads an item this process was handed; the owner removes a spilled item's file once it is confirmed.</summary>
    /// <exception cref="OwnerLostException">A spilled item's file is gone: its owner exited and it was swept.</exception>
    public byte[] Read(Payload item)
    {
        try
        {
            return item.Read();
        }
        catch (InvalidDataException e)
        {
            throw new OwnerLostException(OwnerPid, $"An item of the {Description} is gone ({e.Message}); its owner, pid {OwnerPid}, has exited.");
        }
    }

    public T Unpack<T>(Payload item) => Unwrap<T>(Read(item));

    /// <summary>The value in the bytes of an item (<see cref="Pack"/> wrapped it so null and value types travel alike).</summary>
    public static T Unwrap<T>(byte[] bytes) => (T)TransferCodec.Current.Deserialize<Envelope>(bytes).Value!;

    /// <summary>Appends without waiting; <see cref="Feeders"/> flushes before this process exits.</summary>
    public void Push(Payload item) => Post(new Push(item));

    /// <summary>
    /// Tells the owner without waiting, naming this process's notice actor as the sender (so that it can learn
    /// of a closed reader); like a put, it reaches the owner before this process exits (<see cref="Feeders"/>).
    /// </summary>
    public void Post(IWireMessage message)
    {
        Actor.Tell(message, BrokenChannels.Notices());
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
    /// is never both handed out and reported missing. A request that can be <paramref name="abandoned"/> (a
    /// take or a poll) waits for that answer at most <c>channels.cancel-grace</c> more, then tells the owner to
    /// take back what it sent and returns <paramref name="abandoned"/>: its wait never hangs. A cancelled token
    /// ends the wait the same way; the caller decides what a negative answer means then. Fails when the owner
    /// process dies.
    /// </summary>
    /// <exception cref="OwnerLostException">The owner exited or disposed the channel.</exception>
    public async Task<object> CallAsync(Guid id, object request, TimeSpan? timeout, CancellationToken cancellationToken, object? abandoned = null)
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
            if (abandoned is null)
            {
                first = await Task.WhenAny(answer, ownerExited).ConfigureAwait(false);
            }
            else
            {
                // The definitive answer is on its way; should it never come, the wait still ends, and the owner
                // takes back whatever it sent (this process will not use it).
                var grace = Task.Delay(Runtime.CurrentSettings.CancelGrace, CancellationToken.None);
                first = await Task.WhenAny(answer, ownerExited, grace).ConfigureAwait(false);
                if (first == grace)
                {
                    Actor.Tell(new Abandon(id));
                    return abandoned;
                }
            }
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

    /// <summary><see cref="CallAsync(Guid, object, TimeSpan?, CancellationToken, object?)"/> for a request that cannot wait at the owner.</summary>
    public Task<object> CallAsync(object request, CancellationToken cancellationToken = default) =>
        CallAsync(Guid.NewGuid(), request, timeout: null, cancellationToken);

    /// <summary>Waits until the owner has handled everything this process pushed.</summary>
    public Task FlushAsync() => CallAsync(new Flush());

    public OwnerLostException Lost() =>
        new(OwnerPid, $"The process that owns the {Description}, pid {OwnerPid}, has exited; what it held is gone.");

    /// <summary>Wraps every item so that null and value types travel the same way.</summary>
    private sealed record Envelope(object? Value);
}
