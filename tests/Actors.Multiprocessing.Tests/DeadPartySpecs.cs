using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Barrier parties and condition waiters killed (SIGKILL) while they wait.</summary>
[Collection(ProcessCollection.Name)]
public sealed class DeadPartySpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_barrier_party_killed_while_waiting_breaks_the_barrier_for_a_waiting_party_and_for_the_next_arrival()
    {
        var barrier = new ProcessBarrier(3);
        var report = new ProcessQueue<string>();
        var doomed = new Process(() => SharedWork.WaitAtBarrierLong(barrier));
        doomed.Start();
        Assert.True(SpinWait.SpinUntil(() => barrier.NWaiting == 1, Generous));
        var survivor = new Process(() => SharedWork.WaitAtBarrier(barrier, report));
        survivor.Start();
        Assert.Equal("arriving", report.Get(Generous));
        Assert.True(SpinWait.SpinUntil(() => barrier.NWaiting == 2, Generous));

        doomed.Kill();

        // The survivor notices by itself, before any third party arrives.
        Assert.Equal("broken", report.Get(Generous));
        Assert.True(barrier.IsBroken);
        Assert.Throws<BrokenBarrierException>(() => barrier.Wait(Generous));
        Assert.True(doomed.Join(Generous));
        Assert.True(survivor.Join(Generous));
    }

    [Fact]
    public async Task A_barrier_party_killed_while_waiting_breaks_an_async_wait()
    {
        var barrier = new ProcessBarrier(3);
        // No timeout: only the dead party can break this wait.
        var mine = barrier.WaitAsync();
        Assert.True(SpinWait.SpinUntil(() => barrier.NWaiting == 1, Generous));
        var doomed = new Process(() => SharedWork.WaitAtBarrierLong(barrier));
        doomed.Start();
        Assert.True(SpinWait.SpinUntil(() => barrier.NWaiting == 2, Generous));

        doomed.Kill();

        await Assert.ThrowsAsync<BrokenBarrierException>(() => mine.WaitAsync(Generous));
        Assert.True(doomed.Join(Generous));
    }

    [Fact]
    public void A_condition_waiter_killed_while_waiting_is_passed_over_by_Notify_and_leaves_no_wakeup_behind()
    {
        var condition = new ProcessCondition();
        var flag = new SharedValue<int>(0);
        var report = new ProcessQueue<string>();
        var doomed = new Process(() => SharedWork.WaitOnCondition(condition, flag, 1, report));
        var survivor = new Process(() => SharedWork.WaitOnCondition(condition, flag, 2, report));
        doomed.Start();
        WaitUntilWaiting(condition, flag, 1);
        condition.Lock.Release();
        survivor.Start();
        WaitUntilWaiting(condition, flag, 2);

        doomed.Kill();
        Assert.True(doomed.Join(Generous));
        condition.Notify(1);
        condition.Lock.Release();

        Assert.Equal("notified=True", report.Get(Generous));
        Assert.True(survivor.Join(Generous));
        Assert.True(condition.Lock.Acquire(Generous));
        condition.Notify();
        Assert.False(condition.Wait(TimeSpan.FromMilliseconds(500)));
        condition.Lock.Release();
    }

    /// <summary>Returns holding the lock once the child marked the flag: it released the lock only by waiting.</summary>
    private static void WaitUntilWaiting(ProcessCondition condition, SharedValue<int> flag, int mark)
    {
        Assert.True(SpinWait.SpinUntil(() => flag.Value == mark, Generous));
        Assert.True(condition.Lock.Acquire(Generous));
    }
}
