using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>ProcessEvent, ProcessSemaphore and ProcessRLock across real processes.</summary>
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
}
