using System.Reflection;
using System.Runtime.CompilerServices;
using Actors.Multiprocessing.Internal.SharedMemory;
using Akka.Actor;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// Shared values and primitives free their memory: their mapping and descriptor in each process when disposed
/// or collected, and their file in /dev/shm once no process of the family holds them.
/// </summary>
/// <remarks>
/// Specs of other collections run beside these in this process and create segments of their own, so each
/// spec follows the paths of the segments it made: descriptors, mappings and files that name them.
/// </remarks>
[Collection(ProcessCollection.Name)]
public sealed class SharedMemoryLifetimeSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    // How Linux names a file removed while still open or mapped.
    private const string Deleted = " (deleted)";

    [Fact]
    public void Values_dropped_and_collected_leave_no_descriptor_mapping_or_file()
    {
        var paths = CreateAndDrop(200);

        Assert.Equal(200, paths.Distinct().Count());
        AssertFreed(paths, collect: true);
    }

    [Fact]
    public void Disposed_values_arrays_and_every_primitive_leave_no_descriptor_mapping_or_file()
    {
        var paths = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            foreach (var handle in OneOfEach(i))
            {
                paths.Add(PathOf(handle));
                handle.Dispose();
            }
        }

        // Unmapped at once, by Dispose itself; the files go when their owners hear of it.
        Assert.Empty(Mappings(paths));
        AssertFreed(paths, collect: false);
    }

    [Fact]
    public void A_disposed_handle_throws_ObjectDisposedException_and_Dispose_is_idempotent_and_thread_safe()
    {
        var handles = OneOfEach(1);
        Parallel.ForEach(handles.Concat(handles).Concat(handles), handle => handle.Dispose());

        var value = (SharedValue<int>)handles[0];
        var array = (SharedArray<int>)handles[1];
        var @lock = (ProcessLock)handles[2];
        var rlock = (ProcessRLock)handles[3];
        var semaphore = (ProcessSemaphore)handles[4];
        var bounded = (ProcessBoundedSemaphore)handles[5];
        var @event = (ProcessEvent)handles[6];
        var condition = (ProcessCondition)handles[7];
        var barrier = (ProcessBarrier)handles[8];
        Assert.Throws<ObjectDisposedException>(() => value.Value);
        Assert.Throws<ObjectDisposedException>(() => value.GetLock());
        Assert.Throws<ObjectDisposedException>(() => array[0]);
        Assert.Throws<ObjectDisposedException>(() => @lock.Acquire());
        Assert.Throws<ObjectDisposedException>(() => rlock.Acquire());
        Assert.Throws<ObjectDisposedException>(() => semaphore.Release());
        Assert.Throws<ObjectDisposedException>(() => bounded.Value);
        Assert.Throws<ObjectDisposedException>(() => @event.Set());
        Assert.Throws<ObjectDisposedException>(() => condition.Lock.Acquire());
        Assert.Throws<ObjectDisposedException>(() => barrier.NWaiting);
        var send = new Process(() => SharedWork.Set(@event));
        Assert.IsType<ObjectDisposedException>(Assert.Throws<TransferException>(() => send.Start()).InnerException);
    }

    [Fact]
    public void A_values_embedded_lock_disposed_alone_leaves_the_value_usable()
    {
        using var value = new SharedValue<int>(3);
        var embedded = (ProcessLock)typeof(SharedValue<int>).GetField("_lock", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(value)!;

        embedded.Dispose();

        Assert.Throws<ObjectDisposedException>(() => embedded.Acquire());
        Assert.Equal(3, value.Value);
    }

    [Fact]
    public void A_value_handed_to_a_child_stays_usable_there_after_its_creator_disposed_it_and_goes_when_the_child_exits()
    {
        using var creatorLetGo = new ProcessEvent();
        var report = new ProcessQueue<string>();
        var value = new SharedValue<int>(7);
        var path = PathOf(value);
        var child = new Process(() => SharedLifetimeWork.IncrementAfter(creatorLetGo, value, report));

        child.Start();
        value.Dispose();
        creatorLetGo.Set();

        Assert.Equal("7->8", report.Get(Generous));
        Assert.True(child.Join(Generous));
        Assert.Equal(0, child.ExitCode);
        AssertFreed([path], collect: false);
    }

    [Fact]
    public void A_value_put_on_a_queue_stays_usable_by_its_taker_after_its_creator_disposed_it()
    {
        using var creatorLetGo = new ProcessEvent();
        var values = new ProcessQueue<SharedValue<int>>();
        var report = new ProcessQueue<string>();
        var child = new Process(() => SharedLifetimeWork.TakeAndIncrementAfter(creatorLetGo, values, report));
        child.Start();
        var value = new SharedValue<int>(7);
        var path = PathOf(value);

        values.Put(value);
        value.Dispose();
        creatorLetGo.Set();

        Assert.Equal("7->8", report.Get(Generous));
        Assert.True(child.Join(Generous));
        AssertFreed([path], collect: false);
    }

    [Fact]
    public void Creating_a_value_without_a_file_descriptor_left_says_so()
    {
        using var outcome = new SharedArray<char>(1024);
        var child = new Process(() => SharedLifetimeWork.CreateWithoutDescriptors(outcome));

        child.Start();

        Assert.True(child.Join(Generous));
        var text = new string(outcome.ToArray()).TrimEnd('\0');
        Assert.True(text.StartsWith(nameof(SharedMemoryException)), text);
        Assert.Contains("no file descriptor left", text);
        Assert.Contains("ulimit -n", text);
    }

    /// <summary>One handle of each kind, each with its memory touched once, as a user would.</summary>
    private static IDisposable[] OneOfEach(int i)
    {
        var value = new SharedValue<int>(i);
        var array = new SharedArray<int>(4) { [0] = i };
        var @lock = new ProcessLock();
        @lock.Acquire();
        @lock.Release();
        var rlock = new ProcessRLock();
        rlock.Acquire();
        rlock.Release();
        var semaphore = new ProcessSemaphore(2);
        semaphore.Acquire();
        var bounded = new ProcessBoundedSemaphore(2);
        bounded.Acquire();
        var @event = new ProcessEvent();
        @event.Set();
        var condition = new ProcessCondition();
        condition.Lock.Acquire();
        condition.NotifyAll();
        condition.Lock.Release();
        var barrier = new ProcessBarrier(2);
        _ = barrier.NWaiting;
        return [value, array, @lock, rlock, semaphore, bounded, @event, condition, barrier];
    }

    [Fact]
    public async Task A_holder_on_another_host_keeps_the_file_until_it_lets_go()
    {
        var value = new SharedValue<int>(1);
        var path = PathOf(value);
        var owner = Segment.LocalOwner(path)!;
        // A pid of another host: this host's OS knows nothing of it, so only the holder's word (or its lease) counts.
        var held = new SegmentHeld(int.MaxValue - 1, Guid.Empty, Elsewhere: "another-host");
        owner.Tell(held);

        value.Dispose();

        Assert.True(await owner.Ask<bool>(SegmentOwner.HeldElsewhere.Instance, Generous));
        Assert.True(File.Exists(path));
        owner.Tell(new SegmentReleased(held.Pid, held.Elsewhere));
        AssertFreed([path], collect: false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<string> CreateAndDrop(int count) =>
        Enumerable.Range(0, count).Select(i => PathOf(new SharedValue<int>(i))).ToList();

    private static string PathOf(object handle) =>
        ((SharedSegment)(handle is ProcessBoundedSemaphore ? typeof(ProcessSemaphore) : handle.GetType())
            .GetField("_segment", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(handle)!).Path;

    /// <summary>Waits, generously, until nothing in this process or in /dev/shm names any of the paths.</summary>
    private static void AssertFreed(IReadOnlyCollection<string> paths, bool collect)
    {
        var bound = System.Diagnostics.Stopwatch.StartNew();
        (int Descriptors, int Mappings, int Files) left;
        do
        {
            if (collect)
            {
                CollectGarbage();
            }

            left = (Descriptors(paths).Count, Mappings(paths).Count, paths.Count(File.Exists));
            if (left == (0, 0, 0))
            {
                return;
            }

            Thread.Sleep(100);
        }
        while (bound.Elapsed < Generous);

        Assert.Fail($"Still held after {Generous.TotalSeconds:0} s: {left.Descriptors} descriptors, {left.Mappings} mappings, {left.Files} files.");
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static List<string> Descriptors(IReadOnlyCollection<string> paths)
    {
        var wanted = paths.ToHashSet();
        var found = new List<string>();
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && wanted.Contains(target.Replace(Deleted, "")))
                {
                    found.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed while listed.
            }
        }

        return found;
    }

    private static List<string> Mappings(IReadOnlyCollection<string> paths)
    {
        var wanted = paths.ToHashSet();
        return File.ReadAllLines("/proc/self/maps")
            .Select(line => line.Replace(Deleted, "").Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .Where(wanted.Contains)
            .ToList();
    }
}
