using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Clustering;

/// <summary>
/// Stands between a cluster pool's router on another node and one worker process on this host, which listens
/// on loopback only: tasks go through it to the worker, outcomes through it to the router. Results the worker
/// wrote to /dev/shm (large ones) are read here and travel in the message, since the router's host cannot
/// read this host's shared memory.
/// </summary>
internal sealed class WorkerRelay : ReceiveActor
{
    /// <summary>Room the message's other fields take in a frame.</summary>
    public const int TravelMargin = 64 * 1024;

    private IActorRef? _worker;

    public WorkerRelay(IActorRef router, long frameBytes)
    {
        Receive<WorkerUp>(up =>
        {
            _worker = up.Inbox;
            router.Tell(up with { Inbox = Self });
        });
        Receive<Outcomes>(outcomes =>
        {
            var travelling = outcomes with { Items = [.. outcomes.Items.Select(o => Inline(o, frameBytes))] };
            if (outcomes.Retiring)
            {
                // The worker exits once acknowledged: the acknowledgement must follow the router's.
                router.Ask<WorkerAck>(travelling, Runtime.CurrentSettings.Pool.RouterTimeout).PipeTo(Sender);
            }
            else
            {
                router.Tell(travelling);
            }
        });
        Receive<InitializerFailed>(failed => router.Ask<WorkerAck>(failed, Runtime.CurrentSettings.Pool.RouterTimeout).PipeTo(Sender));
        Receive<TaskBatch>(batch => _worker?.Tell(batch));
        Receive<StopWorker>(stop => _worker?.Tell(stop));
    }

    public static Props Props(IActorRef router, long frameBytes) => Akka.Actor.Props.Create(() => new WorkerRelay(router, frameBytes));

    private static TaskOutcome Inline(TaskOutcome outcome, long frameBytes)
    {
        if (outcome.Results is not { Path: not null } spilled)
        {
            return outcome;
        }

        var bytes = spilled.Take();
        if (bytes.Length < frameBytes - TravelMargin)
        {
            return outcome with { Results = new Payload(bytes, null) };
        }

        var error = new TransferException(
            "The result of a cluster pool task",
            $"it is {bytes.Length:N0} bytes, more than a message between nodes carries (akka.remote.dot-netty.tcp.maximum-frame-size, {frameBytes:N0} bytes); " +
            "return less (a path on shared storage, or parts), or raise the frame size on every node");
        return outcome with { Results = null, Error = RemoteError.From(error) };
    }
}
