using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>ProcessLock across real processes.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessLockSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_held_lock_is_not_acquired_within_a_timeout_and_any_process_may_release_it()
    {
        var l = new ProcessLock();
        l.Acquire();

        Assert.False(l.Acquire(TimeSpan.Zero));
        Assert.False(l.Acquire(TimeSpan.FromMilliseconds(100)));
        var releaser = new Process(() => SharedWork.Release(l));
        releaser.Start();
        Assert.True(releaser.Join(Generous));

        Assert.Equal(0, releaser.ExitCode);
        Assert.True(l.Acquire(TimeSpan.Zero));
        l.Release();
    }

    [Fact]
    public void Releasing_an_unlocked_lock_throws()
    {
        var l = new ProcessLock();

        Assert.Throws<InvalidOperationException>(l.Release);
        using (l.Hold())
        {
            Assert.True(l.IsLocked);
        }

        Assert.False(l.IsLocked);
    }

    [Fact]
    public async Task AcquireAsync_waits_for_a_release_and_honours_cancellation()
    {
        var l = new ProcessLock();
        l.Acquire();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => l.AcquireAsync(cts.Token));
        var waiting = l.AcquireAsync();
        l.Release();
        await waiting.WaitAsync(Generous);

        Assert.True(l.IsLocked);
        l.Release();
    }

    [Fact]
    public void A_lock_whose_holder_is_killed_is_taken_over_by_the_next_waiter()
    {
        var l = new ProcessLock();
        var report = new ProcessQueue<string>();
        var holder = new Process(() => SharedWork.HoldForever(l, report));
        holder.Start();
        Assert.Equal("holding", report.Get(Generous));
        Assert.False(l.Acquire(TimeSpan.Zero));

        holder.Kill();

        Assert.True(l.Acquire(Generous));
        Assert.Contains($"owner={Environment.ProcessId}", l.ToString());
        l.Release();
        Assert.True(holder.Join(Generous));
    }
}
