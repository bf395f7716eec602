using System.Diagnostics;
using Actors.Multiprocessing;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>Prints one scenario's JSON line: its figure, its unit, and any further fields.</summary>
internal delegate void EmitLine(string scenario, double value, string unit, params (string Key, object Value)[] fields);

/// <summary>The scenarios, named and measured as in the CPython reference script.</summary>
internal static class Scenarios
{
    private const int Processes = 20;

    /// <summary>One pool of 2 for both pool scenarios, as in the reference; its workers are up before any timing.</summary>
    private static readonly Lazy<Pool> SharedPool = new(() =>
    {
        var pool = new Pool(2);
        pool.Map(x => Targets.Identity(x), Enumerable.Range(0, 100));
        return pool;
    });

    /// <summary>Whether the family runs mutual TLS (the default; --no-tls turns it off for comparison).</summary>
    public static bool Tls { get; set; } = true;

    /// <summary>Every figure emitted so far, for the comparison with CPython.</summary>
    public static List<Measurement> Results { get; } = [];

    public static IReadOnlyDictionary<string, Action> All { get; } = new Dictionary<string, Action>
    {
        ["process_start_join"] = ProcessStartJoin,
        ["child_start_to_target"] = ChildStartToTarget,
        ["pool_apply_async"] = PoolApplyAsync,
        ["pool_map"] = PoolMap,
        ["queue_put_get"] = QueuePutGet,
        ["pipe_round_trip"] = PipeRoundTrip,
        ["queue_stream"] = QueueStream,
        ["pipe_bytes"] = PipeBytes,
        ["value_locked_increment"] = ValueLockedIncrement,
        ["child_rss"] = ChildRss,
        ["process_burst"] = ProcessBurst,
        // One run measures both; Program runs it once when both names are asked for.
        ["children_50_pss"] = Children50,
        ["children_50_wall"] = Children50,
        ["remote_round_trip"] = () => RemoteRoundTrip.Run(Tls, (scenario, value, unit) => Emit(scenario, value, unit)),
        ["pipes_settled"] = () => SettledChannels.Run((scenario, value, unit) => Emit(scenario, value, unit)),
        // One run measures both.
        ["actor_round_trip"] = IsolatedActors,
        ["actor_throughput"] = IsolatedActors,
        ["manager_dict_ops"] = ManagerDictOps,
        // Processes of examples/cluster-pool; one run measures 1, 2 and 3 nodes (cluster_pool_map_1 .. _3).
        ["cluster_pool_map"] = () => ClusterScenarios.PoolMap(Emit),
        ["cluster_node_loss"] = () => ClusterScenarios.NodeLoss(Emit),
    };

    private static void IsolatedActors() => IsolatedActorScenarios.Run((scenario, value, unit) => Emit(scenario, value, unit));

    /// <summary>Start and join 20 no-op children in a row: milliseconds per process.</summary>
    private static void ProcessStartJoin()
    {
        Warm();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Processes; i++)
        {
            var p = new Process(() => Targets.Noop());
            p.Start();
            p.Join();
        }

        Emit("process_start_join", watch.Elapsed.TotalMilliseconds / Processes, "ms/process");
    }

    /// <summary>From Start() to the first line of the target, one child at a time: the median of 20.</summary>
    private static void ChildStartToTarget()
    {
        Warm();
        var samples = new List<double>();
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var p = new Process(() => Targets.ReportArrival(started));
                p.Start();
                p.Join();
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        foreach (var line in captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            samples.Add(double.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
        }

        samples.Sort();
        Emit("child_start_to_target", samples[samples.Count / 2], "ms", ("min", samples[0]), ("max", samples[^1]));
    }

    /// <summary>20,000 tiny ApplyAsync tasks on 2 warm workers, submitted and then all got: tasks per second.</summary>
    private static void PoolApplyAsync()
    {
        const int n = 20_000;
        var pool = SharedPool.Value;
        var watch = Stopwatch.StartNew();
        var results = new List<AsyncResult<int>>(n);
        for (var i = 0; i < n; i++)
        {
            results.Add(pool.ApplyAsync(() => Targets.Square(i)));
        }

        var sum = results.Sum(r => (long)r.Get());
        Emit("pool_apply_async", n / watch.Elapsed.TotalSeconds, "tasks/s");
        GC.KeepAlive(sum);
    }

    /// <summary>Map of 200,000 ints with the default chunking on 2 warm workers: items per second.</summary>
    private static void PoolMap()
    {
        const int n = 200_000;
        var pool = SharedPool.Value;
        var watch = Stopwatch.StartNew();
        var sum = pool.Map(x => Targets.Square(x), Enumerable.Range(0, n)).Sum(x => (long)x);
        Emit("pool_map", n / watch.Elapsed.TotalSeconds, "items/s");
        GC.KeepAlive(sum);
    }

    /// <summary>100,000 ints put by the parent and got by one child: items per second, until the child is joined.</summary>
    private static void QueuePutGet()
    {
        const int n = 100_000;
        var q = new ProcessQueue<int>();
        var consumer = new Process(() => Targets.Consume(q, n));
        consumer.Start();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            q.Put(i);
        }

        consumer.Join();
        Emit("queue_put_get", n / watch.Elapsed.TotalSeconds, "items/s");
    }

    /// <summary>Send and receive back through a child that echoes: microseconds per round trip.</summary>
    private static void PipeRoundTrip()
    {
        const int n = 20_000;
        var (a, b) = Pipe.Create<int>();
        var echo = new Process(() => Targets.Echo(b, n));
        echo.Start();
        a.Send(0);
        a.Recv();
        // The child runs: the host that replaces the one it took boots before the clock starts, not during it.
        WarmHostsReady.Wait(WarmHostsReady.Configured);
        Quiet.Wait("the pipe's round trips");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n - 1; i++)
        {
            a.Send(i);
            a.Recv();
        }

        Emit("pipe_round_trip", watch.Elapsed.TotalMicroseconds / (n - 1), "us/round-trip");
        echo.Join();
    }

    /// <summary>1,000,000 ints put by the parent and got by one child that is already running: items per second, until it is joined.</summary>
    private static void QueueStream()
    {
        const int n = 1_000_000;
        var q = new ProcessQueue<int>();
        var ready = new ProcessEvent();
        var consumer = new Process(() => Targets.StreamConsume(q, n, ready));
        consumer.Start();
        // The child's start is not timed: the reference waits on a ctx.Event the child sets.
        ready.Wait();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            q.Put(i);
        }

        consumer.Join();
        Emit("queue_stream", n / watch.Elapsed.TotalSeconds, "items/s");
    }

    /// <summary>4096 blocks of 64 KiB with SendBytes to a child that receives them into one buffer: megabytes per second, until it is joined.</summary>
    private static void PipeBytes()
    {
        const int n = 4096, size = 64 * 1024;
        var block = new byte[size];
        Array.Fill(block, (byte)'x');
        var (a, b) = Pipe.Create<byte[]>();
        var sink = new Process(() => Targets.BytesSink(b, n, size));
        sink.Start();
        // As in the reference, the clock starts right after Start: the child's start is counted.
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            a.SendBytes(block);
        }

        sink.Join();
        Emit("pipe_bytes", (double)n * size / 1e6 / watch.Elapsed.TotalSeconds, "MB/s");
    }

    /// <summary>Two children each add 20,000 under the value's lock: increments per second, starts and joins included.</summary>
    private static void ValueLockedIncrement()
    {
        const int n = 20_000;
        Warm();
        var value = new SharedValue<int>(0);
        var workers = Enumerable.Range(0, 2).Select(_ => new Process(() => Targets.Bump(value, n))).ToList();
        var watch = Stopwatch.StartNew();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var elapsed = watch.Elapsed;
        if (value.Value != 2 * n)
        {
            throw new InvalidOperationException($"value_locked_increment ended at {value.Value}, not {2 * n}.");
        }

        Emit("value_locked_increment", 2 * n / elapsed.TotalSeconds, "ops/s");
    }

    /// <summary>Resident memory of a started child that sleeps, read from /proc 1.5 s after Start.</summary>
    private static void ChildRss()
    {
        var child = new Process(() => Targets.Idle(TimeSpan.FromSeconds(3)));
        child.Start();
        Thread.Sleep(TimeSpan.FromSeconds(1.5));
        Emit("child_rss", ProcMemory.ResidentMegabytes(child.Pid!.Value), "MB");
        child.Join();
    }

    /// <summary>
    /// 8 no-op children made, started together, then joined: milliseconds for the whole burst. A program that
    /// starts such bursts keeps 8 hosts ready after its first one (warm hosts follow demand): process_burst is
    /// the burst after that, process_burst_first the first, which finds one host ready.
    /// </summary>
    private static void ProcessBurst()
    {
        Warm();
        Emit("process_burst_first", Burst(), "ms/burst of 8");
        WarmHostsReady.Wait(WarmHostsReady.Configured == 0 ? 0 : Math.Max(WarmHostsReady.Configured, 8));
        Quiet.Wait("the second burst");
        Emit("process_burst", Burst(), "ms/burst of 8");
    }

    private static double Burst()
    {
        var watch = Stopwatch.StartNew();
        var children = Enumerable.Range(0, 8).Select(_ => new Process(() => Targets.Noop())).ToList();
        children.ForEach(c => c.Start());
        children.ForEach(c => c.Join());
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// 50 children started together, each sleeping 3 s: the total PSS of those alive 2 s after the clock
    /// started (just before the first Start), in MB, then the seconds until the last is joined.
    /// </summary>
    private static void Children50()
    {
        const int n = 50;
        Warm();
        var watch = Stopwatch.StartNew();
        var children = Enumerable.Range(0, n).Select(_ => new Process(() => Targets.Idle(TimeSpan.FromSeconds(3)))).ToList();
        children.ForEach(c => c.Start());
        var remaining = TimeSpan.FromSeconds(2) - watch.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            Thread.Sleep(remaining);
        }

        var total = children.Where(c => c.IsAlive).Sum(c => ProcMemory.ProportionalMegabytes(c.Pid!.Value));
        children.ForEach(c => c.Join());
        Emit("children_50_pss", total, "MB");
        Emit("children_50_wall", watch.Elapsed.TotalSeconds, "s");
    }

    /// <summary>Set and get through a manager's dict proxy (the manager is another process), as CPython's dict_ops: ops/s.</summary>
    private static void ManagerDictOps()
    {
        const int n = 10_000;
        using var manager = new Manager();
        var dict = manager.Dict<int, int>();
        for (var i = 0; i < 200; i++)
        {
            dict[i % 100] = dict.ContainsKey(i % 100) ? dict[i % 100] : i;
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            dict[i % 100] = i;
            _ = dict[i % 100];
        }

        Emit("manager_dict_ops", 2 * n / watch.Elapsed.TotalSeconds, "ops/s");
    }

    /// <summary>
    /// One child first, so that the parent's own ActorSystem start is not counted, then a wait until the warm
    /// hosts it called for have booted: a scenario measures a program that has started a child before.
    /// </summary>
    private static void Warm()
    {
        var p = new Process(() => Targets.Noop());
        p.Start();
        p.Join();
        WarmHostsReady.Wait(WarmHostsReady.Configured);
        Quiet.Wait("the measured part");
    }

    /// <summary>Prints a scenario's line; <paramref name="fields"/> add to it, or replace a field of the same name.</summary>
    private static void Emit(string scenario, double value, string unit, params (string Key, object Value)[] fields)
    {
        var line = new Dictionary<string, object> { ["scenario"] = scenario, ["value"] = value, ["unit"] = unit, ["tls"] = Tls };
        foreach (var (key, field) in fields)
        {
            line[key] = field;
        }

        Results.Add(new Measurement(scenario, value, unit, "actors"));
        Console.WriteLine(JsonLine.Format(line));
    }
}
