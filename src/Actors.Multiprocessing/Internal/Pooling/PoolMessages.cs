using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>A pool's function (a serialized <see cref="PoolFunction"/>), sent to a worker before the first task that calls it.</summary>
internal sealed record FunctionDef(int Id, Payload Bytes);

/// <summary>One task: a chunk of items (serialized <c>TItem[]</c>) for the function <paramref name="FunctionId"/>.</summary>
internal sealed record WorkItem(long Id, int FunctionId, Payload Items);

/// <summary>Router → worker: tasks to run in order, with the functions this worker has not seen yet and those it may drop.</summary>
internal sealed record TaskBatch(FunctionDef[] Functions, WorkItem[] Tasks, int[] Forget) : IWireMessage;

/// <summary>Router → worker: the pool is closing or has no more work for it; finish and exit.</summary>
internal sealed record StopWorker : IWireMessage
{
    public static readonly StopWorker Instance = new();
}

/// <summary>
/// Worker → router: the worker's ActorSystem is up and its inbox takes tasks. Workers are known by the number
/// the router gave them (<paramref name="WorkerId"/>): pids of workers on different nodes may be equal.
/// </summary>
internal sealed record WorkerUp(int WorkerId, int Pid, IActorRef Inbox) : IWireMessage;

/// <summary>The outcome of one task: its serialized results (<c>TResult[]</c>) or its error, and how long it ran.</summary>
internal sealed record TaskOutcome(long Id, Payload? Results, RemoteError? Error, long ElapsedTicks);

/// <summary>
/// Worker → router: outcomes, batched. A retiring worker (maxTasksPerChild reached) asks with its last
/// batch and exits once the router has acknowledged it, so no result is lost in the exit.
/// </summary>
internal sealed record Outcomes(int WorkerId, TaskOutcome[] Items, bool Retiring) : IWireMessage;

/// <summary>Worker → router (asked): the pool's initializer threw in this worker.</summary>
internal sealed record InitializerFailed(int WorkerId, RemoteError Error) : IWireMessage;

/// <summary>Router → worker: the reply to a message the worker asked with.</summary>
internal sealed record WorkerAck : IWireMessage
{
    public static readonly WorkerAck Instance = new();
}
