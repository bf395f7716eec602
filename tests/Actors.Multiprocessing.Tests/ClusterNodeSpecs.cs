using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>What a cluster node and a cluster pool refuse, in this process (no cluster is started).</summary>
public sealed class ClusterNodeSpecs
{
    [Fact]
    public void A_node_refuses_to_listen_beyond_loopback_without_a_certificate()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ClusterNode.Start(new ClusterNodeOptions { Hostname = "10.1.2.3" }));

        Assert.Contains("Certificate", refused.Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData(":4053")]
    [InlineData("127.0.0.1:http")]
    public void A_seed_that_is_not_host_and_port_is_refused_with_an_example(string seed)
    {
        var refused = Assert.Throws<ArgumentException>(() => ClusterNode.Start(new ClusterNodeOptions { Seeds = [seed] }));

        Assert.Contains("host:port", refused.Message);
    }

    [Fact]
    public void A_cluster_pool_in_a_process_that_is_not_a_cluster_member_says_to_start_a_node()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new Pool(new ClusterPoolOptions()));

        Assert.Contains("ClusterNode.Start", refused.Message);
    }

    [Fact]
    public void A_certificate_file_is_written_for_its_owner_only_never_overwritten_and_read_back_with_its_password()
    {
        var directory = Directory.CreateTempSubdirectory("cluster-cert-").FullName;
        try
        {
            var path = Path.Combine(directory, "cluster.pfx");
            var written = ClusterCertificate.CreateFile(path, "s3cret");

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Throws<IOException>(() => ClusterCertificate.CreateFile(path));
            Assert.Equal(written.Thumbprint, ClusterCertificate.FromFile(path, "s3cret").Thumbprint);
            Assert.Contains("password", Assert.Throws<ArgumentException>(() => ClusterCertificate.FromFile(path, "wrong")).Message);
            Assert.Throws<FileNotFoundException>(() => ClusterCertificate.FromFile(Path.Combine(directory, "missing.pfx")));
            Assert.Throws<ArgumentException>(() => ClusterCertificate.FromStore("00", StoreName.My, StoreLocation.CurrentUser));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
