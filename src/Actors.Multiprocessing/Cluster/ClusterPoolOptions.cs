namespace Actors.Multiprocessing;

/// <summary>A <see cref="Pool"/> whose workers run on the cluster's nodes of a role: see <see cref="Pool(ClusterPoolOptions, System.Linq.Expressions.Expression{Action}?, int?, bool)"/>.</summary>
public sealed record ClusterPoolOptions
{
    /// <summary>The role of the nodes that run the workers (nodes started with <see cref="ClusterNodeOptions.WorkerProcesses"/> have <c>worker</c>).</summary>
    public string Role { get; init; } = "worker";

    /// <summary>Worker processes on each node; null: as many as each node offers (its <see cref="ClusterNodeOptions.WorkerProcesses"/>).</summary>
    public int? ProcessesPerNode { get; init; }
}
