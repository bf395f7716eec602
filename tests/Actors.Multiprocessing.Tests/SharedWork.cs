namespace Actors.Multiprocessing.Tests;

/// <summary>Targets for the shared-state specs, run in child processes.</summary>
public static class SharedWork
{
    /// <summary>Reads the value and replaces it with <paramref name="next"/>; reports what it read.</summary>
    public static void Swap<T>(SharedValue<T> value, T next, ProcessQueue<string> report)
        where T : unmanaged
    {
        report.Put($"{value.Value}");
        value.Value = next;
    }

    public static void Increment(SharedValue<int> counter, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using (counter.GetLock())
            {
                counter.Value += 1;
            }
        }
    }

    public static void DoubleAll(SharedArray<double> array)
    {
        using (array.GetLock())
        {
            for (var i = 0; i < array.Length; i++)
            {
                array[i] *= 2;
            }
        }
    }

    /// <summary>Takes the lock, says so, and keeps it until killed.</summary>
    public static void HoldForever(ProcessLock l, ProcessQueue<string> report)
    {
        l.Acquire();
        report.Put("holding");
        Thread.Sleep(TimeSpan.FromMinutes(5));
    }

    public static void Release(ProcessLock l) => l.Release();

    public static void Set(ProcessEvent e) => e.Set();

    public static void Release(ProcessSemaphore s) => s.Release();

    /// <summary>Tries what another process may not do with a re-entrant lock it does not hold, and reports it.</summary>
    public static void Trespass(ProcessRLock l, ProcessQueue<string> report)
    {
        report.Put($"acquired={l.Acquire(TimeSpan.Zero)}");
        try
        {
            l.Release();
            report.Put("released");
        }
        catch (SynchronizationLockException)
        {
            report.Put("refused");
        }
    }

    /// <summary>Sets the shared flag under the condition's lock and notifies.</summary>
    public static void SetAndNotify(ProcessCondition condition, SharedValue<int> flag)
    {
        condition.Lock.Acquire();
        flag.Value = 1;
        condition.NotifyAll();
        condition.Lock.Release();
    }

    /// <summary>Waits on the condition after marking <paramref name="flag"/> (under the lock), and reports whether it was notified.</summary>
    public static void WaitOnCondition(ProcessCondition condition, SharedValue<int> flag, int mark, ProcessQueue<string> report)
    {
        condition.Lock.Acquire();
        flag.Value = mark;
        var notified = condition.Wait(TimeSpan.FromMinutes(5));
        condition.Lock.Release();
        report.Put($"notified={notified}");
    }

    /// <summary>Waits at the barrier until killed or the barrier breaks (the spec kills it while it waits).</summary>
    public static void WaitAtBarrierLong(ProcessBarrier barrier) => barrier.Wait(TimeSpan.FromMinutes(5));

    public static void CountRound(SharedValue<int> rounds) => rounds.Update(x => x + 1);

    /// <summary>Waits at the barrier and reports its index, or that the barrier broke.</summary>
    public static void WaitAtBarrier(ProcessBarrier barrier, ProcessQueue<string> report)
    {
        report.Put("arriving");
        try
        {
            // Longer than the specs' generous bounds, so that only what a spec does can break the barrier.
            report.Put($"index={barrier.Wait(TimeSpan.FromMinutes(5))}");
        }
        catch (BrokenBarrierException)
        {
            report.Put("broken");
        }
    }

    /// <summary>Creates a value (a segment owned by this child) and reports its value, then returns.</summary>
    public static void CreateValue(ProcessQueue<int> report) => report.Put(new SharedValue<int>(5).Value);

    /// <summary>Creates a value and waits to be killed, so its segment is left behind.</summary>
    public static void CreateValueAndWait(ProcessQueue<int> report)
    {
        report.Put(new SharedValue<int>(6).Value);
        Thread.Sleep(TimeSpan.FromMinutes(5));
    }
}

/// <summary>A user struct in shared memory.</summary>
public record struct Point(int X, double Y);
