using Actors.Multiprocessing.Internal;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Pools attacked as a hostile user would: ended from their own callbacks, disposed twice and mid-Map.</summary>
[Collection(ProcessCollection.Name)]
public sealed class HostilePoolSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dispose_in_a_callback_returns_without_waiting_for_that_callback_and_Join_there_refuses()
    {
        var pool = new Pool(1);
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = pool.ApplyAsync(() => PoolWork.Square(3), callback: _ =>
        {
            pool.Dispose();
            try
            {
                pool.Join();
                outcome.SetResult(null);
            }
            catch (Exception e)
            {
                outcome.SetResult(e);
            }
        });

        // Generous, yet shorter than the router timeout that a callback waiting for itself would wait out.
        var bound = Runtime.CurrentSettings.Pool.RouterTimeout / 2;
        Assert.Same(outcome.Task, await Task.WhenAny(outcome.Task, Task.Delay(bound)));
        Assert.IsType<InvalidOperationException>(await outcome.Task);
        await pool.JoinAsync().WaitAsync(Generous);
    }

    [Fact]
    public async Task Dispose_during_a_Map_on_another_thread_fails_the_Map_and_a_second_DisposeAsync_and_Dispose_return()
    {
        var pool = new Pool(2);
        Assert.Equal(1, pool.Apply(() => PoolWork.Square(1)));
        var map = pool.MapAsync(x => PoolWork.PidAfter(x), Enumerable.Repeat(100, 200));

        await Task.Run(pool.Dispose).WaitAsync(Generous);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => map.AsTask().WaitAsync(Generous));
        await pool.DisposeAsync().AsTask().WaitAsync(Generous);
        await Task.Run(pool.Dispose).WaitAsync(Generous);
        await pool.JoinAsync().WaitAsync(Generous);
    }
}
