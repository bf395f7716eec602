using Actors.Multiprocessing.Testing;
using System.Net;
using System.Net.Sockets;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// A cluster on loopback made of the processes of a program (examples/cluster-pool unless another is named):
/// a certificate in a temporary directory (made by the example), nodes started and awaited, drivers run; every
/// process is killed and the directory removed at disposal.
/// </summary>
internal sealed class ClusterFleet : IDisposable
{
    public static readonly string Example = Path.Combine(Repository.Root, "examples/cluster-pool/bin/Debug/net10.0/cluster-pool.dll");

    private readonly List<ExampleProcess> _processes = [];
    private readonly string _program;

    public ClusterFleet(string? program = null)
    {
        _program = program ?? Example;
        Directory = System.IO.Directory.CreateTempSubdirectory("cluster-fleet-").FullName;
        Certificate = MakeCertificate("cluster.pfx");
    }

    public string Directory { get; }

    public string Certificate { get; }

    /// <summary>The seed's host:port, once <see cref="StartNode"/> started the first node.</summary>
    public string? Seed { get; private set; }

    /// <summary>Writes another certificate with the example's make-cert; its path.</summary>
    public string MakeCertificate(string name)
    {
        using var make = Run(Example, ["make-cert", "--out", name]);
        Xunit.Assert.Equal(0, make.Exit());
        return Path.Combine(Directory, name);
    }

    /// <summary>Starts a node (the seed if it is the first) and waits until it says it is up; <paramref name="options"/> follow the program's own.</summary>
    public ExampleProcess StartNode(int processes = 1, string? certificate = null, params string[] options)
    {
        var port = FreePort();
        string[] seed = Seed is null ? [] : ["--seed", Seed];
        var node = Start(["node", "--port", port.ToString(), .. seed, "--cert", certificate ?? Certificate, "--processes", processes.ToString(), .. options]);
        if (Seed is null)
        {
            Seed = $"127.0.0.1:{port}";
        }

        node.WaitForLine(line => line.StartsWith("node up at"));
        return node;
    }

    /// <summary>Starts any command of the fleet's program in the fleet's directory.</summary>
    public ExampleProcess Start(params string[] arguments) => Run(_program, arguments);

    /// <summary>Starts the map command against the seed.</summary>
    public ExampleProcess StartMap(params string[] arguments) =>
        Start(["map", "--seed", Seed!, "--cert", Certificate, .. arguments]);

    public void Dispose()
    {
        _processes.ForEach(p => p.Dispose());
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private ExampleProcess Run(string program, string[] arguments)
    {
        var process = new ExampleProcess(program, arguments, Directory);
        _processes.Add(process);
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The map command's last line: items=K sum=S failed=F nodes=N workers=W.</summary>
internal sealed record MapSummary(int Items, long Sum, int Failed, int Nodes, int Workers)
{
    public static MapSummary Parse(string line)
    {
        var fields = line.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => long.Parse(f[1]));
        return new((int)fields["items"], fields["sum"], (int)fields["failed"], (int)fields["nodes"], (int)fields["workers"]);
    }

    /// <summary>
    /// The summary the map printed (its last line on stdout; stderr is read apart, so a warning it logged just
    /// before may be read after it).
    /// </summary>
    public static MapSummary Of(ExampleProcess map) => Parse(map.Lines.Last(line => line.StartsWith("items=", StringComparison.Ordinal)));

    /// <summary>The sum of x*x over 0..items-1.</summary>
    public static long SquaresBelow(int items) => Enumerable.Range(0, items).Sum(x => (long)x * x);
}
