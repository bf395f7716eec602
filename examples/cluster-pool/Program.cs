// A worker fleet on Akka.Cluster: nodes run worker processes, a driver joins and maps over them.
//   dotnet examples/cluster-pool/bin/Debug/net10.0/cluster-pool.dll make-cert --out cluster.pfx
//   ... node --port 4053 --cert cluster.pfx --processes 2                        (the seed)
//   ... node --port 4054 --seed 127.0.0.1:4053 --cert cluster.pfx --processes 2
//   ... map --seed 127.0.0.1:4053 --cert cluster.pfx --items 1000 [--task-ms 5] [--retry] [--nodes 2] [--trace DIR] [--gate FILE] [--timed]
// map waits for --nodes worker nodes (default 1), prints done=N failed=F as results come, and last
// items=K sum=S failed=F nodes=N workers=W. --trace appends x to DIR/<worker pid> for every task run; with
// --gate FILE, tasks return only once FILE exists (a map held in flight, as the specs use it). --timed
// first warms up until every worker of those nodes has run a task, then prints map_seconds=S for the map alone.
//   ... actor --seed 127.0.0.1:4053 --cert cluster.pfx     a process-isolated actor on a worker node, asked where it is
// The certificate's password, if it has one, comes from CLUSTER_CERT_PASSWORD (never the command line).
using System.Diagnostics;
using System.Globalization;
using Actors.Multiprocessing;
using Akka.Actor;
using Examples.ClusterPool;

var password = Environment.GetEnvironmentVariable("CLUSTER_CERT_PASSWORD");
try
{
    return args.FirstOrDefault() switch
    {
        "make-cert" => MakeCertificate(),
        "node" => await RunNode(),
        "map" => await RunMap(),
        "actor" => await RunActor(),
        _ => Usage(),
    };
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException or IOException or OperationCanceledException)
{
    // OperationCanceledException: this driver was downed (or left) before its map completed, which ended its pool.
    Console.Error.WriteLine($"cluster-pool: {e.Message}");
    return 1;
}

int MakeCertificate()
{
    var path = Required("--out");
    var certificate = ClusterCertificate.CreateFile(path, password);
    Console.WriteLine($"wrote {path} (0600), thumbprint {certificate.Thumbprint}");
    return 0;
}

async Task<int> RunNode()
{
    var node = ClusterNode.Start(new ClusterNodeOptions
    {
        Hostname = Option("--host") ?? "127.0.0.1",
        Port = int.Parse(Required("--port")),
        Seeds = Option("--seed") is { } seed ? [seed] : [],
        Certificate = ClusterCertificate.FromFile(Required("--cert"), password),
        WorkerProcesses = int.Parse(Option("--processes") ?? "2"),
    });
    var joinTimeout = TimeSpan.FromSeconds(double.Parse(Option("--join-timeout") ?? "60"));
    if (await Task.WhenAny(node.WhenUp, Task.Delay(joinTimeout)) != node.WhenUp)
    {
        Console.Error.WriteLine($"cluster-pool: node {node.Address} could not join through {Option("--seed") ?? "itself"} within {joinTimeout.TotalSeconds} s (a certificate the cluster does not pin is refused)");
        await node.System.Terminate();
        return 2;
    }

    Console.WriteLine($"node up at {node.Address} with {Option("--processes") ?? "2"} worker processes");
    // Runs until it leaves or is downed, or until stdin closes or SIGTERM/Ctrl+C ends it (then it leaves).
    var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
    var stopped = new TaskCompletionSource();
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
        System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
    await Task.WhenAny(node.WhenRemoved, stdinClosed, stopped.Task);
    await node.DisposeAsync();
    Console.WriteLine($"node {node.Address} left");
    return 0;
}

async Task<int> RunMap()
{
    var items = int.Parse(Required("--items"));
    var taskMs = int.Parse(Option("--task-ms") ?? "0");
    var nodes = int.Parse(Option("--nodes") ?? "1");
    var retry = args.Contains("--retry");
    var trace = Option("--trace");
    var gate = Option("--gate");
    var timed = args.Contains("--timed");
    var driver = ClusterNode.Start(new ClusterNodeOptions
    {
        Hostname = Option("--host") ?? "127.0.0.1",
        Seeds = [Required("--seed")],
        Roles = ["driver"],
        Certificate = ClusterCertificate.FromFile(Required("--cert"), password),
    });
    await driver.WaitForMembersAsync("worker", nodes, TimeSpan.FromSeconds(double.Parse(Option("--join-timeout") ?? "60")));

    long sum = 0;
    int failed = 0, done = 0;
    IReadOnlyList<PoolWorkerInfo> workers;
    var every = Math.Max(1, items / 20);
    await using (var pool = new Pool(new ClusterPoolOptions(), retryLostTasks: retry))
    {
        if (timed)
        {
            await WarmUp(pool, nodes);
        }

        var clock = Stopwatch.StartNew();
        var results = Enumerable.Range(0, items).Select(x => pool.ApplyAsync(() => Work.Square(x, taskMs, trace, gate))).ToList();
        foreach (var result in results)
        {
            try
            {
                sum += await result;
            }
            catch (WorkerLostException e)
            {
                failed++;
                if (failed == 1)
                {
                    Console.WriteLine($"lost: {e.Message}");
                }
            }

            if (++done % every == 0)
            {
                Console.WriteLine($"done={done} failed={failed}");
            }
        }

        if (timed)
        {
            Console.WriteLine($"map_seconds={clock.Elapsed.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        }

        workers = pool.Workers();
    }

    await driver.DisposeAsync();
    // Last, after the driver has left: what the cluster logs meanwhile comes before it.
    Console.WriteLine($"items={items} sum={sum} failed={failed} nodes={workers.Select(w => w.Node).Distinct().Count()} workers={workers.Count}");
    return 0;
}

// A process-isolated actor on a worker node, asked where it is every 200 ms until stdin closes: when its node
// is lost, its parent's strategy restarts it on another node.
async Task<int> RunActor()
{
    var driver = ClusterNode.Start(new ClusterNodeOptions
    {
        Hostname = Option("--host") ?? "127.0.0.1",
        Seeds = [Required("--seed")],
        Roles = ["driver"],
        Certificate = ClusterCertificate.FromFile(Required("--cert"), password),
    });
    await driver.WhenUp;
    var parent = driver.System.ActorOf(Props.Create<PlacedParent>(), "parent");
    var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
    while (!stdinClosed.IsCompleted)
    {
        try
        {
            Console.WriteLine(await parent.Ask<string>("where", TimeSpan.FromSeconds(2)));
        }
        catch (AskTimeoutException)
        {
            // Asked while its process was starting, or going with its node: ask again.
        }

        await Task.WhenAny(stdinClosed, Task.Delay(200));
    }

    await driver.DisposeAsync();
    return 0;
}

// Rounds of short tasks until the pool has the workers of --nodes nodes and each has answered one: they are
// then all booted and connected, so the clock measures the map alone. (Pids are per host; on one machine they
// are unique, and across machines a coincidence at worst ends the warm-up a round early.)
async Task WarmUp(Pool pool, int nodes)
{
    IReadOnlyList<PoolWorkerInfo> workers;
    IReadOnlyList<int> answered;
    do
    {
        workers = pool.Workers();
        answered = await AsyncResult.WhenAll(Enumerable.Range(0, 4 * Math.Max(1, workers.Count)).Select(_ => pool.ApplyAsync(() => Work.ProcessId(20))));
    }
    while (workers.Select(w => w.Node).Distinct().Count() < nodes || workers.Any(w => !answered.Contains(w.Pid)));
}

int Usage()
{
    Console.Error.WriteLine("usage: make-cert --out PATH | node --port P [--seed HOST:PORT] --cert PATH --processes N | map --seed HOST:PORT --cert PATH --items K [--task-ms MS] [--retry] [--nodes N] [--trace DIR] [--gate FILE] [--timed] | actor --seed HOST:PORT --cert PATH");
    return 2;
}

string Required(string name) => Option(name) ?? throw new ArgumentException($"{args.FirstOrDefault()} needs {name}");

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
