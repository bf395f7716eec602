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

        AssertEventually(() => NewFiles(before) == 0);
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
        AssertEventually(() => NewFiles(before) >= 1 && FilesOf(child.Pid!.Value) >= 1, "the offered file appears");

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
            return NewFiles(before) == 0 && FilesOf(child.Pid!.Value) == 0;
        });
    }

    [Fact]
    public async Task Sixteen_threads_taking_with_tiny_timeouts_and_cancellations_from_a_queue_a_child_owns_get_every_item_exactly_once()
    {
        const int count = 3000;
        var handOut = new ProcessQueue<ProcessQueue<int>>();
        var owner = new Process(() => QueueWork.OwnAQueue(handOut));
        owner.Start();
        var q = handOut.Get(Generous);
        var got = new System.Collections.Concurrent.ConcurrentBag<int>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var enough = new CancellationTokenSource();
        var takers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            while (!enough.IsCancellationRequested)
            {
                try
                {
                    if (i % 2 == 0)
                    {
                        got.Add(q.Get(TimeSpan.FromMilliseconds(i % 4)));
                    }
                    else
                    {
                        using var cancel = new CancellationTokenSource(i % 3);
                        got.Add(await q.GetAsync(TimeSpan.FromMilliseconds(1), cancel.Token));
                    }
                }
                catch (QueueEmptyException)
                {
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                    return;
                }

                if (got.Count >= count)
                {
                    await enough.CancelAsync();
                }
            }
        })).ToArray();

        for (var i = 0; i < count; i++)
        {
            q.Put(i);
        }

        var all = Task.WhenAll(takers);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))));
        Assert.Empty(failures);
        Assert.Equal(Enumerable.Range(0, count), got.Order());
        owner.Kill();
        Assert.True(owner.Join(Generous));
    }

    [Theory]
    [InlineData("as it starts putting")]
    [InlineData("once its item's file exists")]
    [InlineData("once its item is in the queue")]
    public void A_child_killed_during_a_100_MiB_Put_to_a_bounded_queue_leaves_it_usable_and_no_file_behind(string when)
    {
        var before = MyFiles();
        var q = new ProcessQueue<byte[]>(maxSize: 1);
        var ready = new ProcessQueue<string>();
        var child = new Process(() => HostileWork.PutHugeThenWait(q, ready, 7));
        child.Start();
        Assert.Equal("putting", ready.Get(Generous));
        if (when == "once its item's file exists")
        {
            AssertEventually(() => FilesOf(child.Pid!.Value) + NewFiles(before) > 0, when);
        }
        else if (when == "once its item is in the queue")
        {
            Assert.Equal("put", ready.Get(Generous));
        }

        child.Kill();
        Assert.True(child.Join(Generous));

        // What the child put whole is there whole, with short Get timeouts; then the queue takes a new item.
        byte[]? taken = null;
        AssertEventually(() =>
        {
            try
            {
                taken ??= q.Get(TimeSpan.FromMilliseconds(50));
            }
            catch (QueueEmptyException)
            {
            }

            new SharedValue<int>(0).Dispose();
            return (taken is not null || when != "once its item is in the queue") && NewFiles(before) == 0 && FilesOf(child.Pid!.Value) == 0;
        }, when);
        if (taken is not null)
        {
            Assert.Equal(HostileWork.Huge(7), taken);
        }

        q.Put([1, 2, 3], Generous);
        Assert.Equal([1, 2, 3], q.Get(Generous));
    }

    [Fact]
    public void When_the_parent_closes_its_end_a_child_blocked_in_Recv_gets_end_of_stream_Poll_says_ready_and_its_Send_breaks()
    {
        var (mine, theirs) = Pipe.Create<int>();
        var report = new ProcessQueue<string>();
        var child = new Process(() => HostileWork.RecvUntilClosed(theirs, report));
        child.Start();
        Assert.Equal("blocking", report.Get(Generous));

        mine.Close();

        Assert.Equal(nameof(EndOfStreamException), report.Get(Generous));
        Assert.Equal("ready", report.Get(Generous));
        Assert.Equal(nameof(EndOfStreamException), report.Get(Generous));
        Assert.Equal(nameof(IOException), report.Get(Generous));
        Assert.Throws<ObjectDisposedException>(() => mine.Send(1));
        Assert.Throws<ObjectDisposedException>(() => mine.Recv());
        Assert.True(child.Join(Generous));
        Assert.Equal(0, child.ExitCode);
    }

    [Fact]
    public void A_thousand_queues_and_pipes_used_and_disposed_leave_no_file_no_mapping_and_no_thread_behind()
    {
        var files = MyFiles();
        var mapped = SegmentTable.Mapped().ToHashSet();
        DisposeQueuesAndPipes(10);
        var threads = ThreadCount();

        DisposeQueuesAndPipes(1000);

        // Every ring goes once its owner's actor saw it disposed or closed at both ends (within its peer check).
        AssertEventually(
            () => MyFiles().IsSubsetOf(files) && SegmentTable.Mapped().All(mapped.Contains) && ThreadCount() <= threads + 4,
            "the channels are gone");
    }

    [Theory]
    [InlineData(32 << 10)]
    [InlineData(1 << 20)]
    public void An_item_a_taker_was_reading_when_it_was_killed_goes_back_in_its_place(int size)
    {
        // From 16 KiB an item is read outside the ring's lock (from 64 KiB, out of its own file).
        var q = new ProcessQueue<byte[]>();
        using var reading = new ProcessEvent();
        var item = new byte[size];
        new Random(size).NextBytes(item);
        q.Put(item);
        q.Put([1, 2, 3]);
        var taker = new Process(() => HostileWork.HangWhileReading(q, reading));
        taker.Start();
        Assert.True(reading.Wait(Generous));

        taker.Kill();
        Assert.True(taker.Join(Generous));

        Assert.Equal(item, q.Get(Generous));
        Assert.Equal([1, 2, 3], q.Get(Generous));
        q.Dispose();
    }

    [Fact]
    public void A_queue_whose_lock_a_dead_process_holds_is_taken_over_and_keeps_its_items()
    {
        var q = new ProcessQueue<int>();
        q.Put(1);
        var gone = new Process(() => QueueWork.PutRange(q, 2, 1));
        gone.Start();
        Assert.True(gone.Join(Generous));
        Assert.Equal(2, q.Count);

        // As if the process had been killed while it held the ring's lock (its first word).
        using (var ring = Segment.Open(q.Channel.Path))
        {
            ring.Write(0, gone.Pid!.Value);
        }

        Assert.Equal(1, q.Get(Generous));
        Assert.Equal(2, q.Get(Generous));
        q.Put(3);
        Assert.Equal(3, q.Get(Generous));
        q.Dispose();
    }

    [Fact]
    public void Queues_and_pipes_dropped_without_Dispose_are_freed_when_collected()
    {
        var files = MyFiles();
        var mapped = SegmentTable.Mapped().ToHashSet();

        DropQueuesAndPipes(300);

        AssertEventually(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return MyFiles().IsSubsetOf(files) && SegmentTable.Mapped().All(mapped.Contains);
            },
            "the dropped channels are freed");
    }

    private static void DropQueuesAndPipes(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var q = new ProcessQueue<int>();
            q.Put(i);
            Assert.Equal(i, q.Get());
            var (a, b) = Pipe.Create<int>();
            a.Send(i);
            Assert.Equal(i, b.Recv());
        }
    }

    private static void DisposeQueuesAndPipes(int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var q = new ProcessQueue<int>();
            q.Put(i);
            Assert.Equal(i, q.Get());
            var (a, b) = Pipe.Create<int>();
            a.Send(i);
            Assert.Equal(i, b.Recv());
            a.Close();
            b.Close();
        }
    }

    private static int ThreadCount()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.Threads.Count;
    }

    /// <summary>This process's files now: a set, because other specs' files come and go meanwhile.</summary>
    private static HashSet<string> MyFiles() =>
        Segment.Existing().Where(path => Path.GetFileName(path).StartsWith($"actors-mp-{Environment.ProcessId}-", StringComparison.Ordinal)).ToHashSet();

    /// <summary>Files of this process made since <paramref name="before"/>, other than the rings of its live queues and pipes (mapped here).</summary>
    private static int NewFiles(HashSet<string> before)
    {
        var mapped = SegmentTable.Mapped().ToHashSet();
        return MyFiles().Count(path => !before.Contains(path) && !mapped.Contains(path));
    }

    private static int FilesOf(int pid) =>
        Segment.Existing().Count(path => Path.GetFileName(path).StartsWith($"actors-mp-{pid}-", StringComparison.Ordinal));

    private static void AssertEventually(Func<bool> condition, string? what = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Generous, $"the condition did not hold within the generous bound: {what} ({MyFiles().Count} files, {Segment.Existing().Count()} in all)");
            Thread.Sleep(20);
        }
    }
}
