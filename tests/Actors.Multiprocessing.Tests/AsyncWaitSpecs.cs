using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The async twins of the synchronization primitives: one waiting thread per process, across real processes.</summary>
[Collection(ProcessCollection.Name)]
public sealed class AsyncWaitSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_thousand_pending_AcquireAsync_calls_hold_a_few_threads_each_release_lets_one_in_and_cancelled_ones_take_nothing()
    {
        var l = new ProcessLock();
        l.Acquire();
        var threadsBefore = ThreadCount();
        using var cancel = new CancellationTokenSource();

        var waits = Enumerable.Range(0, 1000).Select(i => (Cancellable: i % 10 == 0, Task: l.AcquireAsync(i % 10 == 0 ? cancel.Token : CancellationToken.None))).ToList();
        var cancellable = waits.Where(w => w.Cancellable).Select(w => w.Task).ToList();
        var admitted = waits.Where(w => !w.Cancellable).Select(w => w.Task).ToList();

        Assert.True(ThreadCount() - threadsBefore < 50, $"threads grew from {threadsBefore} to {ThreadCount()}");
        // A wait that holds a pool thread would queue behind the others: none is queued.
        Assert.True(ThreadPool.PendingWorkItemCount < 500, $"{ThreadPool.PendingWorkItemCount} work items queued");
        cancel.Cancel();
        await Task.WhenAll(cancellable).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Generous);
        Assert.All(cancellable, t => Assert.Equal(cancel.Token, Assert.ThrowsAny<OperationCanceledException>(() => t.GetAwaiter().GetResult()).CancellationToken));
        Assert.True(ThreadCount() - threadsBefore < 50, $"threads grew from {threadsBefore} to {ThreadCount()}");
        Assert.All(admitted, t => Assert.False(t.IsCompleted));

        foreach (var _ in admitted)
        {
            l.Release();
            Assert.True(SpinWait.SpinUntil(() => l.IsLocked, Generous));
        }

        await Task.WhenAll(admitted).WaitAsync(Generous);
        l.Release();
        Assert.True(l.Acquire(TimeSpan.Zero), "a cancelled wait left the lock taken");
        l.Release();
    }

    [Fact]
    public async Task AcquireAsync_with_a_timeout_gives_up_and_gets_a_lock_a_child_releases()
    {
        var l = new ProcessLock();
        l.Acquire();

        Assert.False(await l.AcquireAsync(TimeSpan.FromMilliseconds(100)));
        var waiting = l.AcquireAsync(Generous);
        var releaser = new Process(() => SharedWork.Release(l));
        releaser.Start();

        Assert.True(await waiting.WaitAsync(Generous));
        Assert.True(releaser.Join(Generous));
        Assert.Contains($"owner={Environment.ProcessId}", l.ToString());
        l.Release();
    }

    [Fact]
    public async Task An_async_RLock_belongs_to_the_process_any_thread_of_it_re_enters_and_releases_and_other_processes_are_refused()
    {
        var l = new ProcessRLock();

        await l.AcquireAsync();
        Assert.True(await Task.Run(() => l.Acquire(TimeSpan.Zero)));
        await Task.Run(l.Release);
        var report = new ProcessQueue<string>();
        var p = new Process(() => SharedWork.Trespass(l, report));
        p.Start();

        Assert.Equal("acquired=False", report.Get(Generous));
        Assert.Equal("refused", report.Get(Generous));
        Assert.True(p.Join(Generous));
        await Task.Run(l.Release);
        Assert.Throws<SynchronizationLockException>(l.Release);
    }

    [Fact]
    public async Task WaitAsync_on_an_event_and_AcquireAsync_on_a_semaphore_complete_when_a_child_sets_and_releases()
    {
        var e = new ProcessEvent();
        var s = new ProcessSemaphore(0);
        Assert.False(await e.WaitAsync(TimeSpan.FromMilliseconds(100)));
        Assert.False(await s.AcquireAsync(TimeSpan.FromMilliseconds(100)));
        var setting = e.WaitAsync();
        var acquiring = s.AcquireAsync();

        var setter = new Process(() => SharedWork.Set(e));
        var releaser = new Process(() => SharedWork.Release(s));
        setter.Start();
        releaser.Start();

        await Task.WhenAll(setting, acquiring).WaitAsync(Generous);
        Assert.Equal(0, s.Value);
        Assert.True(setter.Join(Generous));
        Assert.True(releaser.Join(Generous));
    }

    [Fact]
    public async Task WaitForAsync_on_a_condition_wakes_when_a_child_notifies_and_gives_the_lock_back()
    {
        var condition = new ProcessCondition();
        var flag = new SharedValue<int>(0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => condition.WaitAsync(TimeSpan.Zero));
        await condition.Lock.AcquireAsync();
        var p = new Process(() => SharedWork.SetAndNotify(condition, flag));

        p.Start();
        var ready = await condition.WaitForAsync(() => flag.Value == 1, Generous).WaitAsync(Generous);

        Assert.True(ready);
        Assert.Contains($"owner={Environment.ProcessId}", condition.Lock.ToString());
        Assert.False(await condition.WaitAsync(TimeSpan.FromMilliseconds(100)));
        using var cancel = new CancellationTokenSource();
        var cancelled = condition.WaitAsync(cancel.Token);
        cancel.Cancel();
        Assert.Equal(cancel.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Generous))).CancellationToken);
        Assert.Contains($"owner={Environment.ProcessId}", condition.Lock.ToString());
        condition.Lock.Release();
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public async Task WaitAsync_on_a_barrier_passes_with_two_children()
    {
        var barrier = new ProcessBarrier(3, timeout: Generous);
        var report = new ProcessQueue<string>();
        var parties = Enumerable.Range(0, 2).Select(_ => new Process(() => SharedWork.WaitAtBarrier(barrier, report))).ToList();
        parties.ForEach(p => p.Start());
        Assert.Equal(["arriving", "arriving"], new[] { report.Get(Generous), report.Get(Generous) });

        var mine = await barrier.WaitAsync().WaitAsync(Generous);

        var indexes = new[] { mine, Index(report.Get(Generous)), Index(report.Get(Generous)) };
        Assert.Equal([0, 1, 2], indexes.Order());
        Assert.All(parties, p => Assert.True(p.Join(Generous)));
    }

    [Fact]
    public async Task A_cancelled_barrier_WaitAsync_breaks_the_round_as_a_timeout_does()
    {
        var barrier = new ProcessBarrier(2);
        using var cancel = new CancellationTokenSource();
        var waiting = barrier.WaitAsync(cancel.Token);
        Assert.True(SpinWait.SpinUntil(() => barrier.NWaiting == 1, Generous));

        cancel.Cancel();

        Assert.Equal(cancel.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Generous))).CancellationToken);
        Assert.True(barrier.IsBroken);
    }

    private static int ThreadCount() =>
        int.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith("Threads:", StringComparison.Ordinal))["Threads:".Length..].Trim());

    private static int Index(string report) => int.Parse(report["index=".Length..]);
}
