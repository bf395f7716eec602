using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The pool supervises its workers: a dead worker fails only its tasks and is replaced; nothing hangs.</summary>
[Collection(ProcessCollection.Name)]
public sealed class PoolSupervisionSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_killed_worker_fails_its_task_with_WorkerLostException_and_is_replaced()
    {
        using var pool = new Pool(3);
        var started = new ProcessQueue<int>();
        var doomed = pool.ApplyAsync(() => PoolWork.ReportThenSleep(started, 30_000));
        var others = Enumerable.Range(0, 20).Select(i => pool.ApplyAsync(() => PoolWork.SleepThenSquare(i, 20))).ToList();

        var victim = started.Get(Generous);
        System.Diagnostics.Process.GetProcessById(victim).Kill();

        var lost = Assert.Throws<WorkerLostException>(() => doomed.Get(Generous));
        Assert.Equal(victim, lost.Pid);
        Assert.Equal(-9, lost.ExitCode);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * i), others.Select(o => o.Get(Generous)));
        AssertFullSize(pool, 3, gone: victim);
    }

    [Fact]
    public void With_retryLostTasks_a_lost_task_runs_again_on_another_worker()
    {
        using var pool = new Pool(2, retryLostTasks: true);
        var started = new ProcessQueue<int>();
        var retried = pool.ApplyAsync(() => PoolWork.ReportThenSleep(started, 500));

        var victim = started.Get(Generous);
        System.Diagnostics.Process.GetProcessById(victim).Kill();
        var second = started.Get(Generous);

        Assert.NotEqual(victim, second);
        Assert.Equal(second, retried.Get(Generous));
    }

    [Fact]
    public void MaxTasksPerChild_replaces_a_worker_after_its_tasks()
    {
        using var pool = new Pool(1, maxTasksPerChild: 2);

        var pids = Enumerable.Range(0, 6).Select(_ => pool.Apply(() => PoolWork.Pid())).ToList();

        Assert.Equal(3, pids.Distinct().Count());
        Assert.Equal(pids[0], pids[1]);
        Assert.NotEqual(pids[1], pids[2]);
    }

    [Fact]
    public void A_failing_initializer_fails_the_tasks_with_its_exception_instead_of_restarting_forever()
    {
        using var console = new CapturedConsole();
        using var pool = new Pool(2, initializer: () => PoolWork.FailingInit());

        var thrown = Assert.Throws<InvalidOperationException>(() => pool.Apply(() => PoolWork.Square(2)));
        var later = Assert.Throws<InvalidOperationException>(() => pool.ApplyAsync(() => PoolWork.Square(3)).Get(Generous));

        Assert.Contains("the initializer broke", thrown.Message);
        Assert.Contains("the initializer broke", later.Message);
        Assert.Empty(WaitForWorkers(pool, count => count == 0));
    }

    [Fact]
    public void Terminate_returns_with_10000_tasks_pending_and_fails_them()
    {
        var pool = new Pool(2);
        var pending = Enumerable.Range(0, 10_000).Select(i => pool.ApplyAsync(() => PoolWork.SleepThenSquare(i, 1_000))).ToList();
        var pids = pool.WorkerPids();

        pool.Terminate();

        Assert.All(pending, p => Assert.True(p.Ready));
        Assert.All(pending.Take(100), p => Assert.Throws<OperationCanceledException>(() => p.Get(TimeSpan.Zero)));
        Assert.All(pids, pid => Assert.False(OsProcess.IsRunning(pid)));
        pool.Join();
    }

    [Fact]
    public async Task A_map_survives_a_worker_killed_every_200_ms_and_the_pool_ends_at_full_size()
    {
        using var pool = new Pool(3, retryLostTasks: true);
        var map = pool.MapAsync(x => PoolWork.SleepThenSquare(x, 2), Enumerable.Range(0, 2_000), chunkSize: 1);
        var killed = new List<int>();

        for (var i = 0; i < 10 && !map.Ready; i++)
        {
            var tick = Task.Delay(200);
            if (pool.WorkerPids().FirstOrDefault(pid => !killed.Contains(pid)) is var pid and > 0)
            {
                KillIfRunning(pid);
                killed.Add(pid);
            }

            await tick;
        }

        Assert.True(map.Wait(TimeSpan.FromMinutes(3)), "the map hung");
        if (map.Successful)
        {
            Assert.Equal(Enumerable.Range(0, 2_000).Select(x => x * x), map.Get());
        }
        else
        {
            Assert.Throws<WorkerLostException>(() => map.Get());
        }

        Assert.NotEmpty(killed);
        AssertFullSize(pool, 3, gone: killed.ToArray());
    }

    private static void AssertFullSize(Pool pool, int size, params int[] gone)
    {
        var pids = WaitForWorkers(pool, count => count == size);
        Assert.Equal(size, pids.Count);
        Assert.DoesNotContain(pids, gone.Contains);
        Assert.All(pids, pid => Assert.True(OsProcess.IsRunning(pid)));
        Assert.Equal([0, 1, 4], pool.Map(x => PoolWork.Square(x), [0, 1, 2], chunkSize: 1));
    }

    /// <summary>Polls the pool's workers until the count is right or a generous deadline passes.</summary>
    private static IReadOnlyList<int> WaitForWorkers(Pool pool, Func<int, bool> done)
    {
        var deadline = DateTime.UtcNow + Generous;
        var pids = pool.WorkerPids();
        while (!done(pids.Count) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            pids = pool.WorkerPids();
        }

        return pids;
    }

    private static void KillIfRunning(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // It exited meanwhile.
        }
    }
}
