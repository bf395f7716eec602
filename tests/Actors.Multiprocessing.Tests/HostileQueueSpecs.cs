using Actors.Multiprocessing.Internal.SharedMemory;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Queues attacked as a hostile user would: refused and abandoned large items, killed putters.</summary>
[Collection(ProcessCollection.Name)]
public sealed class HostileQueueSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private const int Large = 1 << 20;

    [Fact]
    public void Large_items_a_full_queue_refuses_from_a_child_leave_no_file_behind()
    {
        var before = MyFiles();
        var full = new ProcessQueue<byte[]>(maxSize: 1);
        full.Put(new byte[Large]);
        var refusals = new ProcessQueue<int>();
        var child = new Process(() => HostileWork.OfferLargeItemsToAFullQueue(full, refusals, Large, 5));
        child.Start();

        Assert.Equal(10, refusals.Get(Generous));
        Assert.True(child.Join(Generous));
        Assert.Single(full.Get(Generous).Take(1));

        AssertEventually(() => MyFiles() <= before);
    }

    [Fact]
    public void A_child_killed_while_blocked_putting_a_large_item_on_a_full_queue_leaves_no_file_behind()
    {
        var before = MyFiles();
        var full = new ProcessQueue<byte[]>(maxSize: 1);
        full.Put(new byte[Large]);
        var child = new Process(() => HostileWork.BlockInLargePut(full, Large));
        child.Start();
        // The child is putting once its item's file exists (it may not have reached the owner yet).
        AssertEventually(() => MyFiles() >= before + 1 && FilesOf(child.Pid!.Value) >= 1, "the offered file appears");

        child.Kill();
        Assert.True(child.Join(Generous));

        // Whatever reached the queue is taken; a segment made meanwhile sweeps what the killed child left (the
        // README's rule); then no file of the queue's owner or of the child is left.
        AssertEventually(() =>
        {
            try
            {
                full.GetNowait();
            }
            catch (QueueEmptyException)
            {
            }

            new SharedValue<int>(0).Dispose();
            return MyFiles() <= before && FilesOf(child.Pid!.Value) == 0;
        });
    }

    /// <summary>The /dev/shm files kept by this process.</summary>
    private static int MyFiles() => FilesOf(Environment.ProcessId);

    private static int FilesOf(int pid) =>
        Segment.Existing().Count(path => Path.GetFileName(path).StartsWith($"actors-mp-{pid}-", StringComparison.Ordinal));

    private static void AssertEventually(Func<bool> condition, string? what = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Generous, $"the condition did not hold within the generous bound: {what} ({MyFiles()} files, {Segment.Existing().Count()} in all)");
            Thread.Sleep(20);
        }
    }
}
