using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>ProcessEvent, ProcessSemaphore, ProcessRLock, ProcessCondition and ProcessBarrier across real processes.</summary>
[Collection(ProcessCollection.Name)]
public sealed class SynchronizationSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void An_event_set_in_a_child_wakes_the_waiting_parent()
    {
        var e = new ProcessEvent();
        Assert.False(e.IsSet);
        Assert.False(e.Wait(TimeSpan.FromMilliseconds(100)));
        var p = new Process(() => SharedWork.Set(e));

        p.Start();

        Assert.True(e.Wait(Generous));
        Assert.True(e.IsSet);
        e.Clear();
        Assert.False(e.IsSet);
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public void A_semaphore_times_out_when_empty_and_a_child_gives_a_permit_back()
    {
        var s = new ProcessSemaphore(2);
        s.Acquire();
        s.Acquire();

        Assert.Equal(0, s.Value);
        Assert.False(s.Acquire(TimeSpan.FromMilliseconds(100)));
        var p = new Process(() => SharedWork.Release(s));
        p.Start();
        Assert.True(s.Acquire(Generous));
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public void A_bounded_semaphore_refuses_a_release_over_its_initial_value()
    {
        var s = new ProcessBoundedSemaphore(1);

        Assert.Throws<InvalidOperationException>(s.Release);
        Assert.Equal(1, s.Value);
        s.Acquire();
        s.Release();
        Assert.Equal(1, s.Value);
    }

    [Fact]
    public void A_re_entrant_lock_is_re_entered_by_its_holder_and_refused_to_others()
    {
        var l = new ProcessRLock();
        l.Acquire();
        Assert.True(l.Acquire(TimeSpan.Zero));
        var report = new ProcessQueue<string>();
        var p = new Process(() => SharedWork.Trespass(l, report));

        p.Start();

        Assert.Equal("acquired=False", report.Get(Generous));
        Assert.Equal("refused", report.Get(Generous));
        Assert.True(p.Join(Generous));
        l.Release();
        l.Release();
        Assert.Throws<SynchronizationLockException>(l.Release);
    }

    [Fact]
    public void A_condition_wakes_the_parent_when_a_child_notifies()
    {
        var condition = new ProcessCondition(new ProcessLock());
        var flag = new SharedValue<int>(0);
        var p = new Process(() => SharedWork.SetAndNotify(condition, flag));
        Assert.Throws<InvalidOperationException>(() => condition.Wait(TimeSpan.Zero));
        condition.Lock.Acquire();

        p.Start();
        var ready = condition.WaitFor(() => flag.Value == 1, Generous);

        Assert.True(ready);
        Assert.False(condition.Wait(TimeSpan.FromMilliseconds(100)));
        condition.Lock.Release();
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public async Task A_condition_refuses_a_waiter_beyond_its_1024_slots_with_a_clear_message()
    {
        var condition = new ProcessCondition();
        var waits = new List<Task<bool>>();
        for (var i = 0; i < 1024; i++)
        {
            condition.Lock.Acquire();
            waits.Add(condition.WaitAsync(Generous));
        }

        condition.Lock.Acquire();
        var full = await Assert.ThrowsAsync<InvalidOperationException>(() => condition.WaitAsync(Generous));
        Assert.Contains("1024 threads wait on already", full.Message);
        condition.NotifyAll();
        // Each notified wait takes the lock back before it completes; let them in one by one.
        foreach (var _ in waits)
        {
            condition.Lock.Release();
            Assert.True(SpinWait.SpinUntil(() => condition.Lock.IsLocked, Generous));
        }

        Assert.All(await Task.WhenAll(waits).WaitAsync(Generous), Assert.True);
        condition.Lock.Release();
    }

    [Fact]
    public void A_barrier_releases_all_parties_together_gives_index_0_to_exactly_one_and_runs_its_action_once()
    {
        var rounds = new SharedValue<int>(0);
        var barrier = new ProcessBarrier(3, action: () => SharedWork.CountRound(rounds), timeout: Generous);
        var report = new ProcessQueue<string>();
        var parties = Enumerable.Range(0, 2).Select(_ => new Process(() => SharedWork.WaitAtBarrier(barrier, report))).ToList();
        parties.ForEach(p => p.Start());
        Assert.Equal(["arriving", "arriving"], new[] { report.Get(Generous), report.Get(Generous) });

        var mine = barrier.Wait();

        var indexes = new[] { mine, Index(report.Get(Generous)), Index(report.Get(Generous)) };
        Assert.Equal([0, 1, 2], indexes.Order());
        Assert.Equal(1, rounds.Value);
        Assert.All(parties, p => Assert.True(p.Join(Generous)));
    }

    [Fact]
    public void Abort_breaks_a_waiting_party_and_Reset_mends_the_barrier()
    {
        var barrier = new ProcessBarrier(2);
        var report = new ProcessQueue<string>();
        var p = new Process(() => SharedWork.WaitAtBarrier(barrier, report));
        p.Start();
        Assert.Equal("arriving", report.Get(Generous));
        Assert.True(SpinWait.SpinUntil(() => barrier.NWaiting == 1, Generous));

        barrier.Abort();

        Assert.Equal("broken", report.Get(Generous));
        Assert.True(barrier.IsBroken);
        Assert.Throws<BrokenBarrierException>(() => barrier.Wait());
        barrier.Reset();
        Assert.False(barrier.IsBroken);
        Assert.Equal(0, barrier.NWaiting);
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public void A_party_that_times_out_breaks_the_barrier()
    {
        var barrier = new ProcessBarrier(2);

        Assert.Throws<BrokenBarrierException>(() => barrier.Wait(TimeSpan.FromMilliseconds(100)));

        Assert.True(barrier.IsBroken);
        barrier.Reset();
        Assert.False(barrier.IsBroken);
    }

    private static int Index(string report) => int.Parse(report["index=".Length..]);
}
