using Actors.Multiprocessing.Internal.SharedMemory;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>SharedValue and SharedArray across real processes.</summary>
[Collection(ProcessCollection.Name)]
public sealed class SharedValueSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_child_sees_the_parents_writes_and_the_parent_sees_the_childs_for_every_kind_of_value()
    {
        Assert.Equal(("7", 8), RoundTrip(7, 8));
        Assert.Equal(("1.5", 2.5), RoundTrip(1.5, 2.5));
        Assert.Equal(($"{long.MaxValue}", long.MinValue), RoundTrip(long.MaxValue, long.MinValue));
        Assert.Equal(("True", false), RoundTrip(true, false));
        Assert.Equal(($"{new Point(1, 2.5)}", new Point(3, 4.5)), RoundTrip(new Point(1, 2.5), new Point(3, 4.5)));
    }

    [Fact]
    public void Four_processes_times_50000_locked_increments_end_exactly_at_200000()
    {
        var counter = new SharedValue<int>(0);
        var workers = Enumerable.Range(0, 4).Select(_ => new Process(() => SharedWork.Increment(counter, 50_000))).ToList();

        workers.ForEach(w => w.Start());

        Assert.All(workers, w => Assert.True(w.Join(Generous)));
        Assert.All(workers, w => Assert.Equal(0, w.ExitCode));
        Assert.Equal(200_000, counter.Value);
    }

    [Fact]
    public void Update_is_an_atomic_read_modify_write_and_a_raw_value_has_no_lock()
    {
        var value = new SharedValue<int>(41);
        var raw = new SharedValue<int>(0, withLock: false);

        Assert.Equal(42, value.Update(x => x + 1));
        Assert.Throws<InvalidOperationException>(() => raw.GetLock());
        Assert.Throws<InvalidOperationException>(() => raw.Update(x => x));
        raw.Value = 3;
        Assert.Equal(3, raw.Value);
    }

    [Fact]
    public void Lock_is_the_values_own_lock_which_a_child_and_a_condition_share_and_a_raw_value_has_none()
    {
        var value = new SharedValue<int>(0);
        var condition = new ProcessCondition(value.Lock);
        value.Lock.Acquire();
        var p = new Process(() => SharedWork.SetAndNotify(condition, value));

        p.Start();

        Assert.True(condition.WaitFor(() => value.Value == 1, Generous));
        value.Lock.Release();
        using (value.GetLock())
        {
            Assert.True(value.Lock.IsLocked);
        }

        Assert.False(value.Lock.IsLocked);
        Assert.True(p.Join(Generous));
        var array = new SharedArray<int>(2);
        array.Lock.Acquire();
        Assert.False(array.Lock.Acquire(TimeSpan.Zero));
        array.Lock.Release();
        Assert.Contains("withLock: false", Assert.Throws<InvalidOperationException>(() => new SharedValue<int>(0, withLock: false).Lock).Message);
        Assert.Contains("withLock: false", Assert.Throws<InvalidOperationException>(() => new SharedArray<int>(1, withLock: false).Lock).Message);
    }

    [Fact]
    public void Arrays_start_zero_filled_or_from_data_and_a_child_changes_them_under_the_lock()
    {
        var zeros = new SharedArray<double>(10);
        var data = new SharedArray<double>([1.0, 2.0, 3.0]);
        var p = new Process(() => SharedWork.DoubleAll(data));

        p.Start();

        Assert.True(p.Join(Generous));
        Assert.Equal(new double[10], zeros.ToArray());
        Assert.Equal([2.0, 4.0, 6.0], data.ToArray());
        Assert.Equal(3, data.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => data[3]);
        Assert.Throws<InvalidOperationException>(() => new SharedArray<int>(1, withLock: false).GetLock());
    }

    [Fact]
    public async Task Segments_are_removed_when_their_creator_exits_even_when_it_is_killed()
    {
        var report = new ProcessQueue<int>();
        var clean = new Process(() => SharedWork.CreateValue(report));
        var killed = new Process(() => SharedWork.CreateValueAndWait(report));
        clean.Start();
        killed.Start();
        Assert.Equal(11, report.Get(Generous) + report.Get(Generous));
        killed.Kill();
        Assert.True(clean.Join(Generous) && await killed.JoinAsync(Generous));

        // The next segment created sweeps what dead creators left.
        _ = new SharedValue<int>();

        var children = new[] { clean.Pid, killed.Pid };
        Assert.DoesNotContain(Segment.Existing(), path => children.Any(pid => Path.GetFileName(path).StartsWith($"actors-mp-{pid}-")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Segments_are_owner_only()
    {
        var value = new SharedValue<int>();

        var mine = Segment.Existing().Where(p => Path.GetFileName(p).StartsWith($"actors-mp-{Environment.ProcessId}-")).ToList();
        // Specs running beside this one free their segments meanwhile; this value's own stays.
        var modes = mine.Select(ModeIfPresent).OfType<UnixFileMode>().ToList();

        Assert.NotEmpty(modes);
        Assert.All(modes, mode => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode));
        GC.KeepAlive(value);
    }

    private static UnixFileMode? ModeIfPresent(string path)
    {
        try
        {
            return File.GetUnixFileMode(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static (string Seen, T Now) RoundTrip<T>(T first, T next)
        where T : unmanaged
    {
        var value = new SharedValue<T>(first);
        var report = new ProcessQueue<string>();
        var p = new Process(() => SharedWork.Swap(value, next, report));
        p.Start();
        var seen = report.Get(Generous);
        Assert.True(p.Join(Generous));
        return (seen, value.Value);
    }
}
