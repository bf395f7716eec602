using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>A pool inside a user's ActorSystem: its end ends the pool without leaving a caller waiting.</summary>
[Collection(ProcessCollection.Name)]
public sealed class PoolSystemSpecs : MultiprocessingTestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Terminating_the_owning_system_fails_unfinished_tasks_and_the_pool_takes_no_more()
    {
        var pool = new Pool(1);
        var running = pool.ApplyAsync(() => PoolWork.SleepThenSquare(2, 60_000));
        var queued = pool.ApplyAsync(() => PoolWork.Square(3));

        Shutdown(Sys, Generous);

        await Assert.ThrowsAsync<OperationCanceledException>(() => running.AsTask().WaitAsync(Generous));
        await Assert.ThrowsAsync<OperationCanceledException>(() => queued.AsTask().WaitAsync(Generous));
        Assert.Throws<InvalidOperationException>(() => pool.Apply(() => PoolWork.Square(4)));
        await pool.JoinAsync().WaitAsync(Generous);
        pool.Dispose();
    }
}
