using Actors.Multiprocessing.Internal.Child;
using Actors.Multiprocessing.Internal.Clustering;
using Actors.Multiprocessing.Internal.Metrics;
using Actors.Multiprocessing.Internal.SharedMemory;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>The worker side of the router: starting workers, hearing they are up, and replacing the dead.</summary>
internal sealed partial class PoolRouter
{
    private readonly List<Worker> _workers = [];
    private int _bootFailures;
    private int _workerCount;

    /// <summary>Starts workers until the pool has its number: here, or on the cluster's nodes.</summary>
    private void Replenish()
    {
        if (_settings.Cluster is not null)
        {
            ReplenishOnNodes();
            return;
        }

        while (NeedsWorkers() && _workers.Count < _settings.Processes)
        {
            StartWorker();
        }
    }

    private void StartWorker()
    {
        var router = Self;
        var id = ++_workerCount;
        var initializer = _settings.Initializer;
        var maxTasks = _settings.MaxTasksPerChild;
        var batchBytes = _settings.BatchBytes;
        var process = new Process(
            () => PoolWorker.Run(router, id, initializer, maxTasks, batchBytes),
            name: $"{_settings.Name}-worker-{id}",
            daemon: true);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            Break(() => new InvalidOperationException($"{_settings.Name} could not start a worker process, so it fails every task; create a new Pool once the cause is fixed. The cause: {e.Message}", e));
            return;
        }

        var worker = new Worker(id, process.Name, process);
        _workers.Add(worker);
        LibraryMeter.WorkerStarted(_settings.Name);
        process.JoinAsync().PipeTo(Self, success: () => new WorkerExited(worker, process.ExitCode, Loss: null), failure: _ => new WorkerExited(worker, process.ExitCode, Loss: null));
    }

    private void Up(WorkerUp up)
    {
        if (_workers.Find(w => w.Id == up.WorkerId) is not { } worker)
        {
            return;
        }

        worker.Pid = up.Pid;
        worker.Inbox = up.Inbox;
        worker.BusySince = System.Diagnostics.Stopwatch.GetTimestamp();
        _bootFailures = 0;
        Dispatch();
        StopIdleWorkers();
    }

    private void Exited(WorkerExited exited)
    {
        var worker = exited.Worker;
        if (!_workers.Remove(worker))
        {
            // A remote worker counted as lost with its node, whose exit is reported after all.
            return;
        }

        var code = exited.Code;
        var held = Recover(worker, exited);
        // Exit 0 is a worker that was done (maxtasksperchild, idle); after Terminate the pool killed it itself, and
        // when this process exits, its exit did.
        var lost = code != 0 && _state != State.Terminated && !ExitRules.Exiting;
        LibraryMeter.WorkerExited(_settings.Name, replaced: lost && NeedsWorkers());
        if (lost)
        {
            var where = worker.Node is { } node ? $" on {node}" : "";
            var replaced = NeedsWorkers() && worker.Host is not { Lost: true } ? "; a new worker replaces it" : "";
            _log.Warning(
                "Pool {0}: worker {1} (pid {2}) was lost ({3}) holding {4} task(s){5}.",
                _settings.Name, worker.Name, $"{worker.Pid}{where}", exited.Loss ?? $"exit code {code}", held, replaced);
        }

        if (worker.Process is { } process)
        {
            process.Dispose();
            // Payload files the dead worker wrote and nobody will read.
            Segment.RemoveLeftovers();
        }

        // Only a worker that failed by itself (exit code > 0) counts; one killed by a signal was killed from outside.
        if (worker.Inbox is null && code > 0 && _state != State.Terminated && ++_bootFailures >= _tuning.BootFailureLimit)
        {
            Break(() => new WorkerLostException(
                worker.Pid, code,
                $"{_tuning.BootFailureLimit} workers of {_settings.Name} in a row exited (the last, pid {worker.Pid}, with code {code}{(exited.Loss is { } why ? $": {why}" : "")}) before they could take tasks; " +
                "the pool stopped starting workers. Their stderr says why: fix that, and create a new Pool."));
        }

        Replenish();
        Dispatch();
        StopIdleWorkers();
        CheckAllExited();
    }

    /// <summary>
    /// The tasks a dead worker held: the oldest was running (tasks run in the order sent) and fails with
    /// <see cref="WorkerLostException"/>, or goes back to the queue once with retryLostTasks; the ones queued
    /// behind it never started and go back to the head of the queue, in order. A worker lost with its node may
    /// have finished some whose outcomes never arrived: every task it held counts as running.
    /// </summary>
    /// <returns>How many tasks the worker held.</returns>
    private int Recover(Worker worker, WorkerExited exited)
    {
        var held = _inFlight.Values.Where(t => t.Worker == worker).OrderBy(t => t.Id).ToList();
        var running = exited.Loss is null ? held.Take(1).ToList() : held;
        var requeue = held.Skip(running.Count).ToList();
        foreach (var task in running.AsEnumerable().Reverse())
        {
            if (_settings.RetryLostTasks && !task.Retried)
            {
                task.Retried = true;
                requeue.Insert(0, task);
            }
            else
            {
                _inFlight.Remove(task.Id);
                Finish(task, Lost(worker, exited));
            }
        }

        requeue.Reverse();
        foreach (var task in requeue)
        {
            _inFlight.Remove(task.Id);
            task.Worker = null;
            if (_broken is null)
            {
                _pending.AddFirst(task);
            }
            else
            {
                Finish(task, _broken());
            }
        }

        return held.Count;
    }

    /// <summary>Workers are started (and the lost replaced) while the pool is open, or closing with tasks still queued, and not broken.</summary>
    private bool NeedsWorkers() =>
        _broken is null && !ExitRules.Exiting && (_state == State.Open || (_state == State.Closing && _pending.Count > 0));

    private void CheckAllExited()
    {
        if (_state != State.Open && _workers.Count == 0 && _pending.Count == 0 && _inFlight.Count == 0)
        {
            Context.Stop(Self);
        }
    }

    /// <summary>Tells the facade through the callback runner, so every result is ready (its callback run) before Join returns.</summary>
    private void AllExited() => _settings.Callbacks.Post(_settings.RouterGone);

    private static WorkerLostException Lost(Worker worker, WorkerExited exited) =>
        new(worker.Pid, exited.Code,
            (exited.Loss is { } loss
                ? $"The pool worker pid {worker.Pid} on {worker.Node} was lost ({loss}) while it held this task, so the task was lost. "
                : $"The pool worker pid {worker.Pid} exited with code {exited.Code?.ToString() ?? "unknown"} while it held this task, so the task was lost. ") +
            "Create the pool with retryLostTasks: true to run lost tasks once more.");

    /// <summary>A worker process as the router sees it: a child of this process, or one on a cluster node.</summary>
    private sealed class Worker(int id, string name, Process? process, WorkerNode? node = null)
    {
        private readonly List<int> _forgotten = [];

        /// <summary>The number the router gave it; unlike pids, unique across nodes.</summary>
        public int Id { get; } = id;

        public string Name { get; } = name;

        /// <summary>The worker's process when it is this process's child; null on a cluster node.</summary>
        public Process? Process { get; } = process;

        /// <summary>The node it runs on when it is not a child of this process.</summary>
        public WorkerNode? Host { get; } = node;

        public Address? Node => Host?.Address;

        /// <summary>Its pid on its host; 0 until a remote worker's node says.</summary>
        public int Pid { get; set; } = process?.Pid ?? 0;

        /// <summary>Where tasks go; null until the worker's ActorSystem is up.</summary>
        public IActorRef? Inbox { get; set; }

        public HashSet<int> KnownFunctions { get; } = [];

        /// <summary>When the worker last reported, or took its first task after being idle.</summary>
        public long BusySince { get; set; }

        public int InFlight { get; set; }

        public int Assigned { get; set; }

        /// <summary>Told to stop, or retiring at its task limit: no more tasks go to it.</summary>
        public bool Stopping { get; set; }

        public int Quota(int maxTasks) => maxTasks > 0 ? maxTasks - Assigned : int.MaxValue;

        /// <summary>Notes a function the worker may drop, told with its next batch.</summary>
        public void Forget(int id) => _forgotten.Add(id);

        public int[] TakeForgotten()
        {
            int[] ids = [.. _forgotten];
            _forgotten.Clear();
            return ids;
        }

        /// <summary>Terminates the worker's process, here or through its node's agent.</summary>
        public void Terminate(IActorRef router)
        {
            if (Process is not null)
            {
                Process.Terminate();
            }
            else
            {
                Host!.Agent?.Tell(new StopRemoteWorker(router, Id));
            }
        }
    }

    /// <summary>A worker is gone: its exit code if known, and why when it was lost with its node.</summary>
    private sealed record WorkerExited(Worker Worker, int? Code, string? Loss);
}

/// <summary>
/// The pool's configuration, as the facade hands it to its router: <c>Processes</c> workers of this process,
/// or, with <c>Cluster</c>, workers on the cluster's nodes (<c>Processes</c> is then 0).
/// </summary>
internal sealed record PoolSettings(
    string Name,
    int Processes,
    TargetCall? Initializer,
    int MaxTasksPerChild,
    bool RetryLostTasks,
    int BatchBytes,
    ClusterPoolOptions? Cluster,
    CallbackRunner Callbacks,
    Action RouterGone);

/// <summary>Facade → router: accept no more tasks; stop the workers once all queued work is done.</summary>
internal sealed record ClosePool
{
    public static readonly ClosePool Instance = new();
}

/// <summary>Facade → router: fail every unfinished task and terminate the workers now.</summary>
internal sealed record TerminatePool
{
    public static readonly TerminatePool Instance = new();
}

/// <summary>Facade → router (asked): the current workers, as <see cref="PoolWorkerInfo"/>s.</summary>
internal sealed record QueryWorkers
{
    public static readonly QueryWorkers Instance = new();
}
