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

    private void StartWorker()
    {
        var router = Self;
        var initializer = _settings.Initializer;
        var maxTasks = _settings.MaxTasksPerChild;
        var batchBytes = _settings.BatchBytes;
        var process = new Process(
            () => PoolWorker.Run(router, initializer, maxTasks, batchBytes),
            name: $"{_settings.Name}-worker-{++_workerCount}",
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

        var worker = new Worker(process);
        _workers.Add(worker);
        LibraryMeter.WorkerStarted(_settings.Name);
        process.JoinAsync().PipeTo(Self, success: () => new WorkerExited(worker), failure: _ => new WorkerExited(worker));
    }

    private void Up(WorkerUp up)
    {
        if (_workers.Find(w => w.Pid == up.Pid) is not { } worker)
        {
            return;
        }

        worker.Inbox = up.Inbox;
        worker.BusySince = System.Diagnostics.Stopwatch.GetTimestamp();
        _bootFailures = 0;
        Dispatch();
        StopIdleWorkers();
    }

    private void Exited(WorkerExited exited)
    {
        var worker = exited.Worker;
        _workers.Remove(worker);
        var code = worker.Process.ExitCode;
        var held = Recover(worker, code);
        // Exit 0 is a worker that was done (maxtasksperchild, idle); after Terminate the pool killed it itself.
        var lost = code != 0 && _state != State.Terminated;
        LibraryMeter.WorkerExited(_settings.Name, replaced: lost && NeedsWorkers());
        if (lost)
        {
            _log.Warning(
                "Pool {0}: worker {1} (pid {2}) was lost (exit code {3}) holding {4} task(s){5}.",
                _settings.Name, worker.Process.Name, worker.Pid, code, held, NeedsWorkers() ? "; a new worker replaces it" : "");
        }

        worker.Process.Dispose();
        // Payload files the dead worker wrote and nobody will read.
        Segment.RemoveLeftovers();
        // Only a worker that failed by itself (exit code > 0) counts; one killed by a signal was killed from outside.
        if (worker.Inbox is null && code > 0 && _state != State.Terminated && ++_bootFailures >= _tuning.BootFailureLimit)
        {
            Break(() => new WorkerLostException(
                worker.Pid, code,
                $"{_tuning.BootFailureLimit} workers of {_settings.Name} in a row exited (the last, pid {worker.Pid}, with code {code}) before they could take tasks; " +
                "the pool stopped starting workers. Their stderr says why: fix that, and create a new Pool."));
        }

        if (NeedsWorkers())
        {
            StartWorker();
        }

        Dispatch();
        StopIdleWorkers();
        CheckAllExited();
    }

    /// <summary>
    /// The tasks a dead worker held: the oldest was running (tasks run in the order sent) and fails with
    /// <see cref="WorkerLostException"/>, or goes back to the queue once with retryLostTasks; the ones queued
    /// behind it never started and go back to the head of the queue, in order.
    /// </summary>
    /// <returns>How many tasks the worker held.</returns>
    private int Recover(Worker worker, int? code)
    {
        var held = _inFlight.Values.Where(t => t.Worker == worker).OrderBy(t => t.Id).ToList();
        if (held.Count == 0)
        {
            return 0;
        }

        var running = held[0];
        var requeue = held.Skip(1).ToList();
        if (_settings.RetryLostTasks && !running.Retried)
        {
            running.Retried = true;
            requeue.Insert(0, running);
        }
        else
        {
            _inFlight.Remove(running.Id);
            Finish(running, Lost(worker, code));
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

    /// <summary>A replacement is started while the pool is open, or closing with tasks still queued, and not broken.</summary>
    private bool NeedsWorkers() =>
        _broken is null && _workers.Count < _settings.Processes &&
        (_state == State.Open || (_state == State.Closing && _pending.Count > 0));

    private void CheckAllExited()
    {
        if (_state != State.Open && _workers.Count == 0 && _pending.Count == 0 && _inFlight.Count == 0)
        {
            Context.Stop(Self);
        }
    }

    /// <summary>Tells the facade through the callback runner, so every result is ready (its callback run) before Join returns.</summary>
    private void AllExited() => _settings.Callbacks.Post(_settings.RouterGone);

    private static WorkerLostException Lost(Worker worker, int? code) =>
        new(worker.Pid, code,
            $"The pool worker pid {worker.Pid} exited with code {code?.ToString() ?? "unknown"} while it held this task, so the task was lost. " +
            "Create the pool with retryLostTasks: true to run lost tasks once more.");

    /// <summary>A worker process as the router sees it.</summary>
    private sealed class Worker(Process process)
    {
        private readonly List<int> _forgotten = [];

        public Process Process { get; } = process;

        public int Pid { get; } = process.Pid!.Value;

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

    }

    private sealed record WorkerExited(Worker Worker);
}

/// <summary>The pool's configuration, as the facade hands it to its router.</summary>
internal sealed record PoolSettings(
    string Name,
    int Processes,
    TargetCall? Initializer,
    int MaxTasksPerChild,
    bool RetryLostTasks,
    int BatchBytes,
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

/// <summary>Facade → router (asked): the pids of the current workers.</summary>
internal sealed record QueryWorkers
{
    public static readonly QueryWorkers Instance = new();
}
