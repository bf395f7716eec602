using Actors.Multiprocessing.Testing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>
/// A cluster on 127.0.0.1 made of examples/cluster-pool processes, as the specs' ClusterFleet: a certificate in
/// a temporary directory, nodes of one worker process each on free ports, drivers run against the first node;
/// every process tree is killed and the directory removed at disposal.
/// </summary>
internal sealed class ClusterFleet : IDisposable
{
    private const string Certificate = "cluster.pfx";

    private static readonly Lazy<string> Example = new(FindExample);

    private readonly List<ExampleProcess> _processes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("cluster-bench-").FullName;
    private string? _seed;

    public ClusterFleet()
    {
        try
        {
            using var make = Start("make-cert", "--out", Certificate);
            if (make.Exit() != 0)
            {
                throw new InvalidOperationException($"make-cert failed:\n{make.Output}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Starts a node with one worker process (the seed if it is the first) and waits until it says it is up.</summary>
    public ExampleProcess StartNode()
    {
        var port = FreePort().ToString(CultureInfo.InvariantCulture);
        string[] seed = _seed is null ? [] : ["--seed", _seed];
        var node = Start(["node", "--port", port, .. seed, "--cert", Certificate, "--processes", "1"]);
        _seed ??= $"127.0.0.1:{port}";
        node.WaitForLine(line => line.StartsWith("node up at", StringComparison.Ordinal));
        return node;
    }

    /// <summary>Starts the map command against the seed.</summary>
    public ExampleProcess StartMap(params string[] arguments) =>
        Start(["map", "--seed", _seed ?? throw new InvalidOperationException("Start a node first."), "--cert", Certificate, .. arguments]);

    public void Dispose()
    {
        _processes.ForEach(p => p.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    private ExampleProcess Start(params string[] arguments)
    {
        var process = new ExampleProcess(Example.Value, arguments, _directory);
        _processes.Add(process);
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The example's dll, built before this project (a build-order reference) into the same bin/configuration/framework
    /// folder under its project as ours is under this one.
    /// </summary>
    private static string FindExample()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var project = output.Parent?.Parent?.Parent ?? throw new InvalidOperationException($"{output.FullName} is not a project's bin/configuration/framework folder.");
        var dll = Path.GetFullPath(Path.Combine(
            project.FullName, "..", "..", "examples", "cluster-pool", Path.GetRelativePath(project.FullName, output.FullName), "cluster-pool.dll"));
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing; build the benchmarks with dotnet build (it builds examples/cluster-pool first).");
    }
}
