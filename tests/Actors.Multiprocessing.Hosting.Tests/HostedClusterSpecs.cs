using Akka.Hosting;
using Xunit;

namespace Actors.Multiprocessing.Hosting.Tests;

/// <summary>A hosted ActorSystem set up with WithMultiprocessingCluster() is a cluster node: a lone seed with a worker process of its own.</summary>
[Collection(HostedFamily.Name)]
public sealed class HostedClusterSpecs : Akka.Hosting.TestKit.TestKit
{
    private static readonly Lazy<ClusterCertificate> Certificate = new(() =>
        ClusterCertificate.CreateFile(Path.Combine(Directory.CreateTempSubdirectory("hosted-cluster-").FullName, "cluster.pfx")));

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithMultiprocessingCluster(new ClusterNodeOptions { WorkerProcesses = 1, Certificate = Certificate.Value });

    [Fact]
    public async Task A_hosted_node_forms_a_cluster_and_a_cluster_pool_maps_on_its_worker()
    {
        var node = ClusterNode.Current!;
        await node.WhenUp.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        await using var pool = new Pool(new ClusterPoolOptions());

        var squares = await pool.MapAsync((int x) => HostedWork.Square(x), Enumerable.Range(0, 10)).AsTask().WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.Same(Sys, node.System);
        Assert.Equal(["worker"], node.Roles);
        Assert.Equal(Enumerable.Range(0, 10).Select(x => x * x), squares);
        Assert.Equal(node.Address.ToString(), Assert.Single(pool.Workers()).Node);
    }

    [Fact]
    public async Task Items_and_results_larger_than_a_message_between_nodes_fail_their_task_with_a_TransferException_and_the_pool_goes_on()
    {
        await ClusterNode.Current!.WhenUp.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        await using var pool = new Pool(new ClusterPoolOptions());
        var big = new byte[70 << 20];

        var items = await Assert.ThrowsAsync<TransferException>(() => pool.ApplyAsync(() => HostedWork.Length(big)).AsTask().WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));
        var result = await Assert.ThrowsAsync<TransferException>(() => pool.ApplyAsync(() => HostedWork.Bytes(70 << 20)).AsTask().WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));

        Assert.Contains("maximum-frame-size", items.Message);
        Assert.Contains("maximum-frame-size", result.Message);
        Assert.Equal(1 << 20, await pool.ApplyAsync(() => HostedWork.Length(new byte[1 << 20])).AsTask().WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));
    }
}
