namespace Actors.Multiprocessing;

/// <summary>One worker process of a <see cref="Pool"/>.</summary>
/// <param name="Pid">Its OS process id on its host (0 while a cluster node is still starting it).</param>
/// <param name="Node">The address of the cluster node it runs on; null for a worker that is this process's child.</param>
public sealed record PoolWorkerInfo(int Pid, string? Node);
