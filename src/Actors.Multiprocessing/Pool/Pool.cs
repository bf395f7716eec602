using System.Linq.Expressions;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing;

/// <summary>
/// A pool of worker processes, as CPython's <c>multiprocessing.Pool</c>: tasks go to whichever worker is
/// free, through a router actor that supervises the workers. A worker that dies fails only the tasks it
/// held (<see cref="WorkerLostException"/>) and is replaced; the pool never hangs on it (CPython gh-66587).
/// </summary>
/// <remarks>
/// Tasks are lambdas whose body is one method call, as Process targets are: <c>() => Work.Square(4)</c>
/// for Apply, <c>x => Work.Square(x)</c> for Map. The method, and every part of the call that does not use
/// the lambda's parameters, are evaluated in the caller and sent to the worker.
/// </remarks>
public sealed partial class Pool : IDisposable, IAsyncDisposable
{
    private static int _pools;


    /// <summary>The most bytes of tasks or outcomes one message carries; larger payloads travel as files.</summary>
    private const long MaxBatchBytes = 4 << 20;

    private readonly object _gate = new();
    private readonly IActorRef _router;
    private readonly ExtendedActorSystem _system;
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CallbackRunner _callbacks = new();
    private readonly Dictionary<string, int> _functionIds = [];
    /// <summary>A local pool's number of workers (a cluster pool's follow its nodes).</summary>
    private readonly int _localProcesses;
    private readonly ClusterPoolOptions? _cluster;

    private readonly UntakenJobs _untaken = new();
    private bool _routerGone;
    private int _nextFunctionId;
    private PoolState _state;

    /// <summary>Starts the pool's worker processes.</summary>
    /// <param name="processes">How many workers; <see cref="Process.CpuCount"/> when null.</param>
    /// <param name="initializer">A call each worker runs once before its first task, such as <c>() => Work.Init("cfg")</c>.</param>
    /// <param name="maxTasksPerChild">How many tasks (chunks) a worker runs before it is replaced by a fresh one; null for no limit.</param>
    /// <param name="retryLostTasks">Whether a task lost with its worker runs once more on another worker instead of failing.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="processes"/> or <paramref name="maxTasksPerChild"/> is below 1.</exception>
    /// <exception cref="TransferException">The initializer is not one call, or a part of it cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">This process is a daemon; daemons have no children (as in CPython).</exception>
    public Pool(int? processes = null, Expression<Action>? initializer = null, int? maxTasksPerChild = null, bool retryLostTasks = false)
        : this(processes ?? Process.CpuCount, cluster: null, initializer, maxTasksPerChild, retryLostTasks)
    {
    }

    /// <summary>
    /// Starts a pool whose workers run on the cluster's nodes of <see cref="ClusterPoolOptions.Role"/>, with the
    /// API, results, errors, callbacks, chunking and progress of a local pool. This process must be a
    /// <see cref="ClusterNode"/> (a driver needs no workers of its own). Tasks wait until a node has workers up;
    /// a node that joins later gets work at once. A node that becomes unreachable fails every task its
    /// workers held with <see cref="WorkerLostException"/> (or runs them again elsewhere with
    /// <paramref name="retryLostTasks"/>), and the pool goes on with the others.
    /// </summary>
    /// <param name="cluster">Which nodes, and how many workers on each.</param>
    /// <param name="initializer">A call each worker runs once before its first task.</param>
    /// <param name="maxTasksPerChild">How many tasks (chunks) a worker runs before it is replaced by a fresh one; null for no limit.</param>
    /// <param name="retryLostTasks">Whether a task lost with its worker (or node) runs once more on another worker instead of failing.</param>
    /// <exception cref="InvalidOperationException">This process is not a cluster node.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ProcessesPerNode or <paramref name="maxTasksPerChild"/> is below 1.</exception>
    public Pool(ClusterPoolOptions cluster, Expression<Action>? initializer = null, int? maxTasksPerChild = null, bool retryLostTasks = false)
        : this(processes: 0, Checked(cluster), initializer, maxTasksPerChild, retryLostTasks)
    {
    }

    private Pool(int processes, ClusterPoolOptions? cluster, Expression<Action>? initializer, int? maxTasksPerChild, bool retryLostTasks)
    {
        _localProcesses = processes;
        if (cluster is null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(processes, 1, nameof(processes));
        }

        if (maxTasksPerChild is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxTasksPerChild));
        }

        if (Process.Current.Daemon)
        {
            throw new InvalidOperationException(
                $"A daemon process is not allowed to have children, so process '{Process.Current.Name}' cannot create a Pool (as in CPython). " +
                $"Create the pool in a process that is not a daemon, or create '{Process.Current.Name}' with daemon: false.");
        }

        TargetCall? init = null;
        if (initializer is not null)
        {
            init = TargetCompiler.Compile(initializer);
            TransferCodec.Current.SerializeTarget(init);
        }

        var runtime = Runtime.Current;
        _system = runtime.System;
        if (cluster is not null && _system.Provider is not Akka.Cluster.ClusterActorRefProvider)
        {
            throw new InvalidOperationException(
                $"A cluster pool sends its tasks to the '{cluster.Role}' nodes of a cluster, and this process is not a cluster member: " +
                "call ClusterNode.Start (with the cluster's seeds and certificate) before creating the pool.");
        }

        _cluster = cluster;
        var name = $"Pool-{Interlocked.Increment(ref _pools)}";
        // A batch message stays well inside the transport's frame (Akka's default is 128,000 bytes; ours 64 MiB).
        var frame = _system.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000;
        var batchBytes = (int)Math.Min(MaxBatchBytes, frame / 4);
        var settings = new PoolSettings(name, processes, init, maxTasksPerChild ?? 0, retryLostTasks, batchBytes, cluster, _callbacks, OnRouterGone);
        _router = _system.ActorOf(PoolRouter.Props(settings), name);
    }

    /// <summary>
    /// The number of workers the pool keeps; for a cluster pool, the workers it has now on all its nodes
    /// (including ones still starting).
    /// </summary>
    public int Processes => _cluster is null ? _localProcesses : Workers().Count;

    /// <summary>The OS process ids of the current workers, including ones still starting; empty once the pool has exited.</summary>
    public IReadOnlyList<int> WorkerPids() => [.. Workers().Select(w => w.Pid)];

    /// <summary>The current workers (with the cluster node each runs on), including ones still starting; empty once the pool has exited.</summary>
    public IReadOnlyList<PoolWorkerInfo> Workers()
    {
        // The router stops itself once every worker has exited; the answer is then empty, not a timeout.
        var ask = _router.Ask<PoolWorkerInfo[]>(QueryWorkers.Instance, Runtime.CurrentSettings.Pool.RouterTimeout);
        return Task.WhenAny(ask, _allExited.Task).GetAwaiter().GetResult() == ask ? ask.GetAwaiter().GetResult() : [];
    }

    /// <summary>Takes no more tasks; the workers exit once the queued tasks are done (CPython's close).</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_state == PoolState.Open)
            {
                _state = PoolState.Closed;
                _router.Tell(ClosePool.Instance);
            }
        }
    }

    /// <summary>
    /// Fails every unfinished task with <see cref="OperationCanceledException"/> and terminates the workers, then
    /// waits (up to the router timeout, 30 s by default) for them to exit; called in a callback, it does not wait,
    /// since what it would wait for runs after that callback (CPython's terminate skips joining its own thread).
    /// </summary>
    public void Terminate()
    {
        if (BeginTerminate() && !_callbacks.IsRunningHere)
        {
            _allExited.Task.Wait(Runtime.CurrentSettings.Pool.RouterTimeout);
        }
    }

    /// <summary>Marks the pool terminated and tells the router; false when there is nothing left to wait for.</summary>
    private bool BeginTerminate()
    {
        lock (_gate)
        {
            if (_state == PoolState.Terminated)
            {
                return false;
            }

            _state = PoolState.Terminated;
        }

        if (_system.WhenTerminated.IsCompleted || _allExited.Task.IsCompleted)
        {
            // Nothing left to end: the system's end killed the workers with their supervisors, or they all
            // exited after Close() and the router stopped.
            return false;
        }

        _router.Tell(TerminatePool.Instance);
        return true;
    }

    /// <summary>Blocks until every worker has exited; call <see cref="Close"/> or <see cref="Terminate"/> first.</summary>
    /// <exception cref="InvalidOperationException">
    /// The pool is still open and running (CPython raises ValueError), or this is one of its callbacks, which
    /// would wait for itself (CPython raises RuntimeError).
    /// </exception>
    public void Join()
    {
        if (_callbacks.IsRunningHere)
        {
            throw new InvalidOperationException("Join() in a pool's callback would wait for that callback to end; join after it, from another thread.");
        }

        JoinAsync().GetAwaiter().GetResult();
    }

    /// <summary>Completes when every worker has exited; call <see cref="Close"/> or <see cref="Terminate"/> first.</summary>
    /// <exception cref="InvalidOperationException">The pool is still open and running (CPython raises ValueError).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public Task JoinAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state == PoolState.Open && !_allExited.Task.IsCompleted)
            {
                throw new InvalidOperationException($"Join() waits for the workers of {_router.Path.Name} to exit, which they do only after Close() or Terminate(); call one of them first.");
            }
        }

        return _allExited.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Terminates the pool, as CPython's <c>with Pool() as p:</c> does on leaving the block: unfinished tasks
    /// fail with <see cref="OperationCanceledException"/>. To let queued tasks finish, call <see cref="Close"/>
    /// and <see cref="Join"/> first.
    /// </summary>
    public void Dispose() => Terminate();

    /// <summary>
    /// Terminates the pool as <see cref="Dispose"/> does (<c>using</c> and <c>await using</c> mean the same), and
    /// waits for the workers to exit without blocking a thread. To let queued tasks finish, call
    /// <see cref="Close"/> and await <see cref="JoinAsync"/> first.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (BeginTerminate())
        {
            await Task.WhenAny(_allExited.Task, Task.Delay(Runtime.CurrentSettings.Pool.RouterTimeout)).ConfigureAwait(false);
        }
    }

    private void ThrowIfNotOpen()
    {
        if (_state != PoolState.Open)
        {
            throw new InvalidOperationException($"{_router.Path.Name} is {(_state == PoolState.Closed ? "closed" : "terminated")} and takes no more tasks; create a new Pool.");
        }

        if (_routerGone || _allExited.Task.IsCompleted)
        {
            throw new InvalidOperationException(
                $"{_router.Path.Name} has stopped: its ActorSystem '{_system.Name}' was terminated (or its router failed); create a new Pool.");
        }
    }

    /// <summary>
    /// The router has stopped (on the callback runner, after every callback it caused). A job it never took,
    /// still in its mailbox when it stopped (its ActorSystem terminated under the pool), fails instead of
    /// leaving its caller waiting; then Join completes.
    /// </summary>
    private void OnRouterGone()
    {
        List<PoolJob> untaken;
        lock (_gate)
        {
            _routerGone = true;
            untaken = _untaken.Drain();
        }

        foreach (var job in untaken)
        {
            job.Abort(new OperationCanceledException("The pool stopped before this task could run: its ActorSystem was terminated or its router failed."));
        }

        // Behind the callbacks the aborts posted, so Join returns after they ran, as after any other result.
        _callbacks.Post(() => _allExited.TrySetResult());
    }

    private static ClusterPoolOptions Checked(ClusterPoolOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster.Role, nameof(cluster.Role));
        if (cluster.ProcessesPerNode is { } perNode)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(perNode, 1, nameof(cluster.ProcessesPerNode));
        }

        return cluster;
    }

    private enum PoolState
    {
        Open,
        Closed,
        Terminated,
    }
}
