using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// CPython's timeout rule over every waiting call of the synchronization primitives, blocking and async: a
/// negative timeout is zero (try once), and a huge one has no limit; neither throws.
/// </summary>
public sealed class SyncTimeoutSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Each call, on a fresh primitive: Ready when it succeeds without waiting (a free lock, a set event),
    /// otherwise it would have to wait. The result is whether the call succeeded.
    /// </summary>
    private static readonly Dictionary<string, (bool Ready, Func<Func<TimeSpan, Task<bool>>> Arrange)> Calls = new()
    {
        ["Lock.Acquire, free"] = (true, () => Blocking(new ProcessLock().Acquire)),
        ["Lock.Acquire, held"] = (false, () => Blocking(Held().Acquire)),
        ["Lock.AcquireAsync, free"] = (true, () => { var l = new ProcessLock(); return t => l.AcquireAsync(t); }),
        ["Lock.AcquireAsync, held"] = (false, () => { var l = Held(); return t => l.AcquireAsync(t); }),
        ["RLock.Acquire, free"] = (true, () => Blocking(new ProcessRLock().Acquire)),
        ["RLock.Acquire, held by another thread"] = (false, () => Blocking(HeldByAnotherThread().Acquire)),
        ["RLock.AcquireAsync, free"] = (true, () => { var l = new ProcessRLock(); return t => l.AcquireAsync(t); }),
        ["RLock.AcquireAsync, held by another thread"] = (false, () => { var l = HeldByAnotherThread(); return t => l.AcquireAsync(t); }),
        ["Semaphore.Acquire, a permit"] = (true, () => Blocking(new ProcessSemaphore(1).Acquire)),
        ["Semaphore.Acquire, none"] = (false, () => Blocking(new ProcessSemaphore(0).Acquire)),
        ["Semaphore.AcquireAsync, a permit"] = (true, () => { var s = new ProcessSemaphore(1); return t => s.AcquireAsync(t); }),
        ["Semaphore.AcquireAsync, none"] = (false, () => { var s = new ProcessSemaphore(0); return t => s.AcquireAsync(t); }),
        ["BoundedSemaphore.Acquire, none"] = (false, () => Blocking(Emptied(new ProcessBoundedSemaphore(1)).Acquire)),
        ["Event.Wait, set"] = (true, () => { var e = Set(true); return Blocking(t => e.Wait(t)); }),
        ["Event.Wait, clear"] = (false, () => { var e = Set(false); return Blocking(t => e.Wait(t)); }),
        ["Event.WaitAsync, set"] = (true, () => { var e = Set(true); return t => e.WaitAsync(t); }),
        ["Event.WaitAsync, clear"] = (false, () => { var e = Set(false); return t => e.WaitAsync(t); }),
        ["Condition.Wait"] = (false, () => { var c = Locked(); return Blocking(t => HoldsAfter(c, c.Wait(t))); }),
        ["Condition.WaitAsync"] = (false, () => { var c = Locked(); return async t => HoldsAfter(c, await c.WaitAsync(t)); }),
        ["Condition.WaitFor, true"] = (true, () => { var c = Locked(); return Blocking(t => c.WaitFor(() => true, t)); }),
        ["Condition.WaitFor, false"] = (false, () => { var c = Locked(); return Blocking(t => HoldsAfter(c, c.WaitFor(() => false, t))); }),
        ["Condition.WaitForAsync, true"] = (true, () => { var c = Locked(); return t => c.WaitForAsync(() => true, t); }),
        ["Condition.WaitForAsync, false"] = (false, () => { var c = Locked(); return async t => HoldsAfter(c, await c.WaitForAsync(() => false, t)); }),
        ["Barrier.Wait, one party"] = (true, () => Passes(t => Task.FromResult(new ProcessBarrier(1).Wait(t)))),
        ["Barrier.Wait, two parties"] = (false, () => Passes(t => Task.FromResult(new ProcessBarrier(2).Wait(t)))),
        ["Barrier.WaitAsync, one party"] = (true, () => Passes(t => new ProcessBarrier(1).WaitAsync(t))),
        ["Barrier.WaitAsync, two parties"] = (false, () => Passes(t => new ProcessBarrier(2).WaitAsync(t))),
        ["Barrier default timeout, one party"] = (true, () => Passes(t => Task.FromResult(new ProcessBarrier(1, timeout: t).Wait()))),
        ["Barrier default timeout, two parties"] = (false, () => Passes(t => new ProcessBarrier(2, timeout: t).WaitAsync())),
    };

    public static TheoryData<string> AllCalls => new(Calls.Keys);

    public static TheoryData<string> ReadyCalls => new(Calls.Where(c => c.Value.Ready).Select(c => c.Key));

    [Theory]
    [MemberData(nameof(AllCalls))]
    public async Task A_negative_timeout_is_zero_it_tries_once_and_does_not_throw(string call)
    {
        foreach (var timeout in new[] { TimeSpan.FromSeconds(-1), TimeSpan.FromTicks(-1), TimeSpan.MinValue })
        {
            var (ready, arrange) = Calls[call];

            var succeeded = await arrange()(timeout).WaitAsync(Generous);

            Assert.Equal(ready, succeeded);
        }
    }

    [Theory]
    [MemberData(nameof(ReadyCalls))]
    public async Task A_huge_timeout_has_no_limit_and_does_not_throw(string call)
    {
        foreach (var timeout in new[] { TimeSpan.MaxValue, TimeSpan.FromDays(25), TimeSpan.FromMilliseconds(int.MaxValue) + TimeSpan.FromTicks(1) })
        {
            Assert.True(await Calls[call].Arrange()(timeout).WaitAsync(Generous));
        }
    }

    private static Func<TimeSpan, Task<bool>> Blocking(Func<TimeSpan, bool> call) => t => Task.FromResult(call(t));

    private static ProcessLock Held()
    {
        var l = new ProcessLock();
        l.Acquire();
        return l;
    }

    /// <summary>A re-entrant lock taken by a thread that then ends: this process holds it, this thread does not.</summary>
    private static ProcessRLock HeldByAnotherThread()
    {
        var l = new ProcessRLock();
        var holder = new Thread(l.Acquire);
        holder.Start();
        holder.Join();
        return l;
    }

    private static ProcessSemaphore Emptied(ProcessSemaphore s)
    {
        s.Acquire();
        return s;
    }

    private static ProcessEvent Set(bool set)
    {
        var e = new ProcessEvent();
        if (set)
        {
            e.Set();
        }

        return e;
    }

    private static ProcessCondition Locked()
    {
        var c = new ProcessCondition();
        c.Lock.Acquire();
        return c;
    }

    /// <summary>The result of a condition's wait, after checking that the wait gave the lock back.</summary>
    private static bool HoldsAfter(ProcessCondition c, bool result)
    {
        Assert.Equal(Environment.ProcessId, c.Lock.HolderPid);
        return result;
    }

    /// <summary>Whether a barrier wait passed (true) or broke (false).</summary>
    private static Func<TimeSpan, Task<bool>> Passes(Func<TimeSpan, Task<int>> wait) => async t =>
    {
        try
        {
            await wait(t);
            return true;
        }
        catch (BrokenBarrierException)
        {
            return false;
        }
    };
}
