namespace Actors.Multiprocessing;

/// <summary>How this process joins a cluster: see <see cref="ClusterNode.Start"/>.</summary>
public sealed record ClusterNodeOptions
{
    /// <summary>The address this node listens on and other members reach it at; loopback unless a <see cref="Certificate"/> is given.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The port this node listens on; 0 picks a free one (read it from <see cref="ClusterNode.Address"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// Seed nodes as <c>host:port</c>, written exactly as each seed's <see cref="Hostname"/> (127.0.0.1 and
    /// localhost are different addresses to Akka). Empty: this node is the first seed and forms the cluster.
    /// </summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Akka.Cluster roles of this node. A node with <see cref="WorkerProcesses"/> above 0 has the role <c>worker</c> unless you name others.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>
    /// How many worker processes this node starts for each cluster pool that asks (0: it runs none, as a driver
    /// does). They run on this host, are children of this process, and are not cluster members themselves.
    /// </summary>
    public int WorkerProcesses { get; init; }

    /// <summary>
    /// The certificate every member presents and pins (mutual TLS). Without it the node runs without TLS,
    /// which it allows only on a loopback <see cref="Hostname"/>, and says so.
    /// </summary>
    public ClusterCertificate? Certificate { get; init; }

    /// <summary>HOCON over the library's cluster defaults (hocon/cluster.conf), such as the split brain resolver's settings.</summary>
    public string? Hocon { get; init; }
}
