using System.Collections.Concurrent;
using System.Diagnostics;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// The target of every pool worker process: runs the initializer, opens an inbox actor, tells the router it
/// is up, then runs the tasks it is sent on this (the main) thread and reports their outcomes in batches.
/// </summary>
internal static class PoolWorker
{
    public static void Run(IActorRef router, int workerId, TargetCall? initializer, int maxTasks, int batchBytes)
    {
        var tuning = Runtime.CurrentSettings.Pool;
        if (initializer is not null)
        {
            try
            {
                initializer.InvokeAsync().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                // Asked, not told: the router must hear it before this process exits.
                router.Ask<WorkerAck>(new InitializerFailed(workerId, RemoteError.From(e)), tuning.RouterTimeout).GetAwaiter().GetResult();
                throw;
            }
        }

        using var inbox = new BlockingCollection<object>();
        var self = Runtime.Current.System.ActorOf(Props.Create(() => new WorkerInbox(inbox)), "pool-worker");
        router.Tell(new WorkerUp(workerId, Environment.ProcessId, self));
        new Loop(router, workerId, maxTasks, batchBytes, tuning).Run(inbox);
    }

    /// <summary>Hands what the router sends to the worker's main thread.</summary>
    private sealed class WorkerInbox : ReceiveActor
    {
        public WorkerInbox(BlockingCollection<object> inbox) => ReceiveAny(inbox.Add);
    }

    private sealed class Loop(IActorRef router, int workerId, int maxTasks, int batchBytes, PoolTuning tuning)
    {
        private readonly Dictionary<int, Func<IChunkRunner>> _functions = [];
        private readonly List<TaskOutcome> _outcomes = [];
        private int _done;
        private long _outcomeBytes;
        private long _firstOutcomeAt;

        public void Run(BlockingCollection<object> inbox)
        {
            while (true)
            {
                if (!inbox.TryTake(out var message))
                {
                    Flush();
                    message = inbox.Take();
                }

                if (message is not TaskBatch batch)
                {
                    // StopWorker: the router sends it only when this worker has nothing in flight.
                    Flush();
                    return;
                }

                foreach (var id in batch.Forget)
                {
                    _functions.Remove(id);
                }

                foreach (var function in batch.Functions)
                {
                    _functions[function.Id] = Bind(function);
                }

                foreach (var task in batch.Tasks)
                {
                    Add(Execute(task));
                    if (maxTasks > 0 && ++_done == maxTasks)
                    {
                        router.Ask<WorkerAck>(new Outcomes(workerId, [.. _outcomes], Retiring: true), tuning.RouterTimeout).GetAwaiter().GetResult();
                        return;
                    }

                    if (_outcomes.Count >= tuning.OutcomeBatch || _outcomeBytes >= batchBytes || Stopwatch.GetElapsedTime(_firstOutcomeAt) >= tuning.OutcomeDelay)
                    {
                        Flush();
                    }
                }
            }
        }

        private static Func<IChunkRunner> Bind(FunctionDef definition)
        {
            try
            {
                var runner = TransferCodec.Current.Deserialize<PoolFunction>(definition.Bytes.Read()).Bind();
                return () => runner;
            }
            catch (Exception e)
            {
                return () => throw new TransferException("The pool function", $"the worker could not load it: {e.Message}", e);
            }
        }

        private TaskOutcome Execute(WorkItem task)
        {
            var clock = Stopwatch.StartNew();
            IChunkRunner runner;
            Array results;
            try
            {
                runner = _functions[task.FunctionId]();
                results = runner.Run(runner.Decode(task.Items.Read()));
            }
            catch (Exception e)
            {
                return new TaskOutcome(task.Id, null, RemoteError.From(e), clock.Elapsed.Ticks);
            }

            try
            {
                return new TaskOutcome(task.Id, Payload.Of(runner.Encode(results)), null, clock.Elapsed.Ticks);
            }
            catch (Exception e)
            {
                var error = new TransferException("The result", TransferCodec.Refusal(results.GetType().GetElementType(), e), e);
                return new TaskOutcome(task.Id, null, RemoteError.From(error), clock.Elapsed.Ticks);
            }
        }

        private void Add(TaskOutcome outcome)
        {
            if (_outcomes.Count == 0)
            {
                _firstOutcomeAt = Stopwatch.GetTimestamp();
            }

            _outcomes.Add(outcome);
            _outcomeBytes += outcome.Results?.MessageBytes ?? outcome.Error!.Traceback.Length;
        }

        private void Flush()
        {
            if (_outcomes.Count > 0)
            {
                router.Tell(new Outcomes(workerId, [.. _outcomes], Retiring: false));
                _outcomes.Clear();
                _outcomeBytes = 0;
            }
        }
    }
}
