// CrossHostSpecs' program: cluster nodes, one of which may name its shared-memory domain (another "host" on this
// machine), and a driver that hands queues, pipes and shared memory to a cluster pool's tasks on them.
//   node --port P [--seed HOST:PORT] --cert PFX [--processes N] [--domain NAME]   (runs until stdin closes)
//   driver --seed HOST:PORT --cert PFX --scenario NAME [--items K]  (prints what it saw; see Scenarios)
// Certificates come from examples/cluster-pool's make-cert.
using Actors.Multiprocessing;
using CrossHost;

return args.FirstOrDefault() switch
{
    "node" => await RunNode(),
    "driver" => await RunDriver(),
    _ => Usage(),
};

async Task<int> RunNode()
{
    var domain = Option("--domain");
    var node = ClusterNode.Start(new ClusterNodeOptions
    {
        Port = int.Parse(Required("--port")),
        Seeds = Option("--seed") is { } seed ? [seed] : [],
        Certificate = ClusterCertificate.FromFile(Required("--cert")),
        WorkerProcesses = int.Parse(Option("--processes") ?? "1"),
        // Its worker processes inherit the node's actors.multiprocessing section, this setting with it.
        Hocon = domain is null ? null : $"actors.multiprocessing.shared-memory.domain = \"{domain}\"",
    });
    await node.WhenUp;
    Console.WriteLine($"node up at {node.Address}");
    await Task.Run(() => Console.In.ReadToEnd());
    await node.DisposeAsync();
    return 0;
}

async Task<int> RunDriver()
{
    var driver = ClusterNode.Start(new ClusterNodeOptions
    {
        Seeds = [Required("--seed")],
        Roles = ["driver"],
        Certificate = ClusterCertificate.FromFile(Required("--cert")),
    });
    await driver.WaitForMembersAsync("worker", 1, TimeSpan.FromSeconds(60));
    await using (var pool = new Pool(new ClusterPoolOptions()))
    {
        await Scenarios.RunAsync(Required("--scenario"), pool, int.Parse(Option("--items") ?? "100"));
    }

    await driver.DisposeAsync();
    return 0;
}

int Usage()
{
    Console.Error.WriteLine("usage: node --port P [--seed HOST:PORT] --cert PFX [--processes N] [--domain NAME] | driver --seed HOST:PORT --cert PFX --scenario NAME [--items K]");
    return 2;
}

string Required(string name) => Option(name) ?? throw new ArgumentException($"{args.FirstOrDefault()} needs {name}");

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
