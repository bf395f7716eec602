using Actors.Multiprocessing;

namespace CrossHost;

/// <summary>What the pool's tasks do in the worker processes of the nodes, with the handles the driver gave them.</summary>
public static class Work
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>Puts x*x; whether this process maps the library's shared memory afterwards (it does for a queue of its own host only).</summary>
    public static bool PutSquare(ProcessQueue<long> queue, long x)
    {
        queue.Put(x * x);
        return File.ReadLines("/proc/self/maps").Any(line => line.Contains("/dev/shm/actors-mp-"));
    }

    /// <summary>Takes <paramref name="count"/> items, waiting for each.</summary>
    public static int[] Take(ProcessQueue<int> queue, int count) => [.. Enumerable.Range(0, count).Select(_ => queue.Get(Generous))];

    /// <summary>
    /// Waits for an item, and says this process's pid on <paramref name="started"/> once the Get is on its way: it
    /// reaches the owner before the pid does, so the owner holds a waiting claim for this process when the driver,
    /// told the pid, kills it.
    /// </summary>
    public static int TakeThenTell(ProcessQueue<int> started, ProcessQueue<int> queue)
    {
        var taking = queue.GetAsync();
        started.Put(Environment.ProcessId);
        return taking.GetAwaiter().GetResult();
    }

    /// <summary>How each way of asking an empty queue answers.</summary>
    public static string AskEmpty(ProcessQueue<int> queue) =>
        $"nowait={Outcome(() => queue.GetNowait())} timeout={Outcome(() => queue.Get(TimeSpan.FromMilliseconds(300)))} count={queue.Count} empty={queue.IsEmpty}";

    /// <summary>Puts 0..count-1, then waits until every one was marked done.</summary>
    public static int ProduceAndJoin(JoinableQueue<int> queue, int count)
    {
        for (var i = 0; i < count; i++)
        {
            queue.Put(i);
        }

        queue.Join();
        return count;
    }

    /// <summary>Takes <paramref name="count"/> items and marks each done; their sum.</summary>
    public static long Consume(JoinableQueue<int> queue, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += queue.Get(Generous);
            queue.TaskDone();
        }

        return sum;
    }

    /// <summary>Sends back every message upper-cased until an empty one, then closes its end; how many it echoed.</summary>
    public static int Echo(Connection<string> end)
    {
        var echoed = 0;
        while (end.Poll(Generous) && end.Recv() is { Length: > 0 } message)
        {
            end.Send(message.ToUpperInvariant());
            echoed++;
        }

        end.Close();
        return echoed;
    }

    // Each uses shared memory once: on another host, that use throws OtherHostException.
    public static int Read(SharedValue<int> value) => value.Value;

    public static int ReadFirst(SharedArray<int> array) => array[0];

    public static int Hold(ProcessLock held)
    {
        using (held.Hold())
        {
            return 1;
        }
    }

    public static int HoldTwice(ProcessRLock held)
    {
        held.Acquire();
        held.Acquire();
        held.Release();
        held.Release();
        return 1;
    }

    public static int Permits(ProcessSemaphore semaphore) => semaphore.Value;

    public static int IsSet(ProcessEvent flag) => flag.IsSet ? 1 : 0;

    public static int NotifyAll(ProcessCondition condition)
    {
        using (condition.Lock.Hold())
        {
            condition.NotifyAll();
            return 1;
        }
    }

    public static int Waiting(ProcessBarrier barrier) => barrier.NWaiting;

    private static string Outcome(Func<int> call)
    {
        try
        {
            return call().ToString();
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }
}
