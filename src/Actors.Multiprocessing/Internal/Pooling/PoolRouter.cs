using System.Diagnostics;
using Actors.Multiprocessing.Internal.Metrics;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;
using Akka.Event;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// The pool, as an actor in the parent's ActorSystem: a router over worker processes that it starts,
/// supervises and replaces. It queues the tasks, sends each worker as many as keep it busy for a few
/// milliseconds (one at a time while task durations are unknown or long), and tells each job its outcomes.
/// A worker that dies fails (or requeues once) only the task it was running.
/// </summary>
internal sealed partial class PoolRouter : ReceiveActor
{
    private readonly PoolSettings _settings;
    private readonly PoolTuning _tuning = Runtime.CurrentSettings.Pool;
    private readonly LinkedList<PendingTask> _pending = new();
    private readonly Dictionary<long, PendingTask> _inFlight = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _nextTaskId;
    private double _meanTicks;
    private State _state = State.Open;

    /// <summary>Set when the pool can run no more tasks; makes the exception each refused task fails with.</summary>
    private Func<Exception>? _broken;
    private bool _dispatchQueued;

    public PoolRouter(PoolSettings settings)
    {
        _settings = settings;
        Receive<Submission>(Submit);
        Receive<Outcomes>(Report);
        Receive<DispatchQueued>(_ =>
        {
            _dispatchQueued = false;
            Dispatch();
        });
        Receive<WorkerUp>(Up);
        Receive<WorkerExited>(Exited);
        Receive<InitializerFailed>(failed =>
        {
            Sender.Tell(WorkerAck.Instance);
            Break(failed.Error.ToException);
        });
        Receive<ClosePool>(_ =>
        {
            if (_state == State.Open)
            {
                _state = State.Closing;
            }

            StopIdleWorkers();
            CheckAllExited();
        });
        Receive<TerminatePool>(_ => Terminate());
        Receive<QueryWorkers>(_ => Sender.Tell(_workers.Select(w => new PoolWorkerInfo(w.Pid, w.Node?.ToString())).ToArray()));
        if (settings.Cluster is not null)
        {
            ReceiveCluster();
        }
    }

    public static Props Props(PoolSettings settings) => Akka.Actor.Props.Create(() => new PoolRouter(settings));

    protected override void PreStart()
    {
        if (_settings.Cluster is { } cluster)
        {
            _log.Info("Pool {0} started on the cluster's '{1}' nodes.", _settings.Name, cluster.Role);
            SubscribeCluster();
            return;
        }

        _log.Info("Pool {0} started with {1} worker processes.", _settings.Name, _settings.Processes);
        Replenish();
    }

    /// <summary>
    /// A fault in the router (a bug: user code and deserialization are caught) must not leave callers waiting
    /// on jobs a restarted router would not know: everything unfinished fails with it, and the pool stops.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        InvalidOperationException Failed() => new($"{_settings.Name} stopped after an internal failure, a bug in Actors.Multiprocessing; create a new Pool. The failure: {reason.Message}", reason);
        Break(Failed);
        FailAll(_inFlight.Values.ToList(), Failed);
        _inFlight.Clear();
        PostStop();
    }

    /// <summary>The fresh instance after a fault does not start workers again: it stops (see <see cref="PreRestart"/>).</summary>
    protected override void PostRestart(Exception reason) => Context.Stop(Self);

    protected override void PostStop()
    {
        // Also when the ActorSystem stops under a live pool: its callers must not wait for exits nobody reports.
        Terminate();
        LeaveNodes();
        ForgetAllFunctions();
        AllExited();
        _log.Info("Pool {0} stopped.", _settings.Name);
    }

    private void Submit(Submission submission)
    {
        Register(submission);
        submission.Taken();
        LibraryMeter.Submitted(_settings.Name, submission.Chunks.Count);
        if (_broken is not null || _state == State.Terminated)
        {
            var error = _broken ?? Terminated;
            for (var i = 0; i < submission.Chunks.Count; i++)
            {
                Finish(new PendingTask(_nextTaskId++, submission.Job, i, submission.FunctionId, submission.Chunks[i]), error());
            }

            return;
        }

        for (var i = 0; i < submission.Chunks.Count; i++)
        {
            _pending.AddLast(new PendingTask(_nextTaskId++, submission.Job, i, submission.FunctionId, submission.Chunks[i]));
        }

        // Dispatch once the submissions already in the mailbox are queued too, so 20,000 ApplyAsync calls in
        // a loop travel in a few batches, not 20,000 messages.
        if (!_dispatchQueued)
        {
            _dispatchQueued = true;
            Self.Tell(DispatchQueued.Instance);
        }
    }

    private void Report(Outcomes outcomes)
    {
        var worker = _workers.Find(w => w.Id == outcomes.WorkerId);
        if (worker is not null)
        {
            worker.BusySince = Stopwatch.GetTimestamp();
        }

        foreach (var outcome in outcomes.Items)
        {
            // An outcome from a worker already counted as lost (it was sent just before the death) is dropped:
            // its task was failed or given to another worker.
            if (!_inFlight.TryGetValue(outcome.Id, out var task) || task.Worker != worker || worker is null)
            {
                outcome.Results?.Discard();
                continue;
            }

            _inFlight.Remove(outcome.Id);
            worker.InFlight--;
            _meanTicks = _meanTicks == 0 ? outcome.ElapsedTicks + 1 : (0.8 * _meanTicks) + (0.2 * (outcome.ElapsedTicks + 1));
            Conclude(task, outcome);
        }

        if (outcomes.Retiring)
        {
            Sender.Tell(WorkerAck.Instance);
        }

        Dispatch();
        StopIdleWorkers();
        CheckAllExited();
    }

    private void Conclude(PendingTask task, TaskOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            Finish(task, error.ToException());
            return;
        }

        try
        {
            task.Job.Complete(task.Index, outcome.Results!.Take());
            Finish(task, error: null);
        }
        catch (Exception e)
        {
            Finish(task, new TransferException("The result of a pool task", $"it cannot be read in this process: {e.Message}", e));
        }
    }

    private void Dispatch()
    {
        if (_state == State.Terminated || _broken is not null || _pending.Count == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var stalled = _tuning.StallAfter.Ticks + (long)(10 * _meanTicks);
        var ready = _workers
            .Where(w => w.Inbox is not null && !w.Stopping && (w.InFlight == 0 || Stopwatch.GetElapsedTime(w.BusySince, now).Ticks < stalled))
            .OrderBy(w => w.InFlight)
            .ToList();
        var window = Window();
        foreach (var worker in ready)
        {
            var share = (_pending.Count + ready.Count - 1) / ready.Count;
            var count = Math.Min(Math.Min(window - worker.InFlight, share), worker.Quota(_settings.MaxTasksPerChild));
            if (count > 0)
            {
                Send(worker, count);
            }
        }
    }

    /// <summary>
    /// How many tasks a worker may hold: one while durations are unknown; then enough for a few milliseconds,
    /// and at least two below <see cref="PoolTuning.PipelineBelow"/>, so a worker never idles through a round trip.
    /// Tasks longer than that go one at a time, each to the first free worker, as CPython's shared queue does.
    /// </summary>
    private int Window() => _meanTicks switch
    {
        0 => 1,
        _ when _meanTicks >= _tuning.PipelineBelow.Ticks => 1,
        _ => (int)Math.Clamp(_tuning.DispatchAhead.Ticks / _meanTicks, 2, _tuning.MaxTasksAhead),
    };

    private void Send(Worker worker, int count)
    {
        var tasks = new List<WorkItem>(count);
        var functions = new List<FunctionDef>();
        var bytes = 0L;
        while (tasks.Count < count && _pending.First is { } node)
        {
            var task = node.Value;
            var items = Travelling(worker, task.Items);
            if (tasks.Count > 0 && bytes + items.MessageBytes > _settings.BatchBytes)
            {
                break;
            }

            _pending.RemoveFirst();
            if (TooLargeToTravel(items) is { } refusal)
            {
                Finish(task, refusal);
                continue;
            }

            if (worker.KnownFunctions.Add(task.FunctionId))
            {
                var definition = new FunctionDef(task.FunctionId, Travelling(worker, _functions[task.FunctionId].Bytes));
                functions.Add(definition);
                bytes += definition.Bytes.MessageBytes;
            }

            task.Worker = worker;
            _inFlight[task.Id] = task;
            tasks.Add(new WorkItem(task.Id, task.FunctionId, items));
            bytes += items.MessageBytes;
        }

        if (tasks.Count == 0)
        {
            return;
        }

        if (worker.InFlight == 0)
        {
            worker.BusySince = Stopwatch.GetTimestamp();
        }

        worker.InFlight += tasks.Count;
        worker.Assigned += tasks.Count;
        worker.Stopping = worker.Quota(_settings.MaxTasksPerChild) == 0;
        worker.Inbox!.Tell(new TaskBatch([.. functions], [.. tasks], worker.TakeForgotten()));
    }

    /// <summary>Once nothing is left to send, a closing (or broken) pool tells its idle workers to exit.</summary>
    private void StopIdleWorkers()
    {
        if ((_state != State.Closing && _broken is null) || _pending.Count > 0)
        {
            return;
        }

        foreach (var worker in _workers.Where(w => w is { Inbox: not null, Stopping: false, InFlight: 0 }))
        {
            worker.Stopping = true;
            worker.Inbox!.Tell(StopWorker.Instance);
        }
    }

    private void Break(Func<Exception> error)
    {
        _broken ??= error;
        FailAll(_pending.ToList(), _broken);
        _pending.Clear();
        StopIdleWorkers();
    }

    private void Terminate()
    {
        if (_state == State.Terminated)
        {
            return;
        }

        _state = State.Terminated;
        FailAll(_pending.Concat(_inFlight.Values).ToList(), Terminated);
        _pending.Clear();
        _inFlight.Clear();
        foreach (var worker in _workers)
        {
            worker.Terminate(Self);
        }

        CheckAllExited();
    }

    private void FailAll(List<PendingTask> tasks, Func<Exception> error) => tasks.ForEach(task => Finish(task, error()));

    /// <summary>
    /// A task is over: its items, if they went through shared memory, are removed, its function is released,
    /// and its job hears the error (the result was given already).
    /// </summary>
    private void Finish(PendingTask task, Exception? error)
    {
        LibraryMeter.Finished(_settings.Name, error);
        task.Items.Discard();
        Release(task.FunctionId);
        if (error is not null)
        {
            task.Job.Fail(task.Index, error);
        }
    }

    private static OperationCanceledException Terminated() => new("The pool was terminated before this task finished.");

    /// <summary>Sent to itself after a submission: dispatch what the mailbox has queued by now.</summary>
    private sealed record DispatchQueued
    {
        public static readonly DispatchQueued Instance = new();
    }

    private enum State
    {
        Open,
        Closing,
        Terminated,
    }

    /// <summary>A task waiting to be sent, or in flight on <see cref="Worker"/>.</summary>
    private sealed class PendingTask(long id, PoolJob job, int index, int functionId, Payload items)
    {
        public long Id { get; } = id;

        public PoolJob Job { get; } = job;

        public int Index { get; } = index;

        public int FunctionId { get; } = functionId;

        public Payload Items { get; } = items;

        public bool Retried { get; set; }

        public Worker? Worker { get; set; }
    }
}
