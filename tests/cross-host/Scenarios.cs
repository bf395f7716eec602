using Actors.Multiprocessing;

namespace CrossHost;

/// <summary>
/// What the driver does with the pool's workers; each scenario prints what it saw as lines starting "| ", for
/// the specs to check (nothing is asserted here, so that a failure shows everything).
/// </summary>
public static class Scenarios
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    public static Task RunAsync(string name, Pool pool, int items) => name switch
    {
        "queue-put" => QueuePutAsync(pool, items),
        "queue-get" => QueueGetAsync(pool, items),
        "joinable" => JoinableAsync(pool, items),
        "pipe" => PipeAsync(pool, items),
        "shared-memory" => SharedMemoryAsync(pool),
        "killed-taker" => KilledTakerAsync(pool),
        _ => throw new ArgumentException($"There is no scenario {name}."),
    };

    /// <summary>Tasks put x*x for every x below <paramref name="items"/>; the driver takes them all.</summary>
    private static async Task QueuePutAsync(Pool pool, int items)
    {
        using var queue = new ProcessQueue<long>();
        var mapped = await pool.MapAsync(x => Work.PutSquare(queue, x), Enumerable.Range(0, items).Select(x => (long)x));
        var received = Enumerable.Range(0, items).Select(_ => queue.Get(Generous)).Order().ToList();
        var exact = received.SequenceEqual(Enumerable.Range(0, items).Select(x => (long)x * x));
        Print($"received={received.Count} exact={exact} left={queue.Count} mapped={mapped.Count(m => m)}");
    }

    /// <summary>Four tasks wait for items the driver puts only afterwards, and take them all between them.</summary>
    private static async Task QueueGetAsync(Pool pool, int items)
    {
        using var queue = new ProcessQueue<int>();
        var taking = pool.MapAsync(n => Work.Take(queue, n), Enumerable.Repeat(items / 4, 4), chunkSize: 1);
        for (var i = 0; i < items; i++)
        {
            queue.Put(i);
        }

        var taken = (await taking).SelectMany(t => t).Order().ToList();
        Print($"taken={taken.Count} exact={taken.SequenceEqual(Enumerable.Range(0, items))} left={queue.Count}");
        Print(await pool.ApplyAsync(() => Work.AskEmpty(queue)));
    }

    /// <summary>
    /// A task on another host waits for an item, and its worker process is killed (SIGKILL) meanwhile: the item
    /// put afterwards is claimed for a taker that is gone, and comes back to the queue once the claim's lease ran out.
    /// </summary>
    private static async Task KilledTakerAsync(Pool pool)
    {
        using var started = new ProcessQueue<int>();
        using var queue = new ProcessQueue<int>();
        var taking = pool.ApplyAsync(() => Work.TakeThenTell(started, queue));
        using (var worker = System.Diagnostics.Process.GetProcessById(started.Get(Generous)))
        {
            worker.Kill();
        }

        queue.Put(42);
        var lost = await Error(taking);
        var back = System.Diagnostics.Stopwatch.StartNew();
        Print($"task={lost} got={queue.Get(Generous)} left={queue.Count} back-after={back.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>Another host produces and joins while the driver consumes; then the driver produces and joins while another host consumes.</summary>
    private static async Task JoinableAsync(Pool pool, int items)
    {
        using var queue = new JoinableQueue<int>();
        var producing = pool.ApplyAsync(() => Work.ProduceAndJoin(queue, items));
        long sum = 0;
        for (var i = 0; i < items; i++)
        {
            sum += queue.Get(Generous);
            queue.TaskDone();
        }

        Print($"produced={await producing} consumed-sum={sum}");
        for (var i = 0; i < items; i++)
        {
            queue.Put(i);
        }

        var consuming = pool.ApplyAsync(() => Work.Consume(queue, items));
        await queue.JoinAsync().WaitAsync(Generous);
        Print($"joined consumer-sum={await consuming}");
    }

    /// <summary>A task echoes messages (one larger than a ring's inline limit) and closes its end: the driver then reads the end of the stream.</summary>
    private static async Task PipeAsync(Pool pool, int items)
    {
        var (here, there) = Pipe.Create<string>();
        var echoing = pool.ApplyAsync(() => Work.Echo(there));
        var echoed = 0;
        for (var i = 0; i < items; i++)
        {
            var message = i == items / 2 ? new string('x', 200_000) : $"m{i}";
            here.Send(message);
            echoed += here.Recv() == message.ToUpperInvariant() ? 1 : 0;
        }

        here.Send("");
        var ended = false;
        try
        {
            here.Recv();
        }
        catch (EndOfStreamException)
        {
            ended = true;
        }

        Print($"echoed={echoed} worker-echoed={await echoing} ended={ended}");
    }

    /// <summary>Every kind of shared memory handed to a task: what the task's use of it gave.</summary>
    private static async Task SharedMemoryAsync(Pool pool)
    {
        using var value = new SharedValue<int>(42);
        using var array = new SharedArray<int>([7, 8, 9]);
        using var held = new ProcessLock();
        using var reentrant = new ProcessRLock();
        using var semaphore = new ProcessSemaphore(2);
        using var bounded = new ProcessBoundedSemaphore(2);
        using var flag = new ProcessEvent();
        flag.Set();
        using var condition = new ProcessCondition();
        using var barrier = new ProcessBarrier(2);
        await Report("value", pool.ApplyAsync(() => Work.Read(value)));
        await Report("array", pool.ApplyAsync(() => Work.ReadFirst(array)));
        await Report("lock", pool.ApplyAsync(() => Work.Hold(held)));
        await Report("rlock", pool.ApplyAsync(() => Work.HoldTwice(reentrant)));
        await Report("semaphore", pool.ApplyAsync(() => Work.Permits(semaphore)));
        await Report("bounded-semaphore", pool.ApplyAsync(() => Work.Permits(bounded)));
        await Report("event", pool.ApplyAsync(() => Work.IsSet(flag)));
        await Report("condition", pool.ApplyAsync(() => Work.NotifyAll(condition)));
        await Report("barrier", pool.ApplyAsync(() => Work.Waiting(barrier)));
    }

    private static void Print(string line) => Console.WriteLine($"| {line}");

    private static async Task Report(string what, AsyncResult<int> result) => Print($"{what}: {await Error(result)}");

    /// <summary>The result, or the type and message of the exception it ended with.</summary>
    private static async Task<string> Error(AsyncResult<int> result)
    {
        try
        {
            return (await result).ToString();
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
