using Actors.Multiprocessing.Internal.SharedMemory;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Items of any size pass through queues and pipes across processes, and leave nothing behind.</summary>
[Collection(ProcessCollection.Name)]
public sealed class LargeItemSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    [Fact]
    public void A_100_MiB_queue_item_reaches_a_child_within_its_Get_timeout_and_its_file_is_removed_once_taken()
    {
        var before = MyFiles();
        var big = Filled(100 << 20);
        var items = new ProcessQueue<byte[]>();
        var sums = new ProcessQueue<long>();
        var child = new Process(() => QueueWork.Checksum(items, sums, 60));
        child.Start();

        items.Put(big);

        Assert.Equal(QueueWork.Sum(big), sums.Get(Generous));
        Assert.True(child.Join(Generous));
        Assert.Equal(0, child.ExitCode);
        // The item's file went when it was taken; the queues' own memory goes with them.
        items.Dispose();
        sums.Dispose();
        AssertEventually(() => MyFiles() <= before);
    }

    [Fact]
    public void A_100_MiB_pipe_message_goes_to_a_child_and_its_answer_comes_back()
    {
        var big = Filled(100 << 20);
        var (parent, childEnd) = Pipe.Create<byte[]>();
        var child = new Process(() => QueueWork.ChecksumOverPipe(childEnd));
        child.Start();

        parent.Send(big);

        Assert.Equal(QueueWork.Sum(big), BitConverter.ToInt64(parent.Recv()));
        Assert.True(child.Join(Generous));
    }

    [Fact]
    public void Items_left_in_a_disposed_queue_take_their_files_with_them()
    {
        var before = MyFiles();
        var q = new ProcessQueue<byte[]>();
        q.Put(Filled(1 << 20));
        q.Put(Filled(1 << 20));
        Assert.Equal(2, q.Count);

        q.Dispose();

        AssertEventually(() => MyFiles() <= before);
    }

    /// <summary>The /dev/shm files kept by this process (other test runs on the machine have their own).</summary>
    private static int MyFiles() =>
        Segment.Existing().Count(path => Path.GetFileName(path).StartsWith($"actors-mp-{Environment.ProcessId}-", StringComparison.Ordinal));

    private static byte[] Filled(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    private static void AssertEventually(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Generous, "the condition did not hold within the generous bound");
            Thread.Sleep(20);
        }
    }
}
