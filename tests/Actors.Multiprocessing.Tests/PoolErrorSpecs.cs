using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Pool errors: a task's exception comes back whole, bad results and bad input fail alone and clearly.</summary>
[Collection(ProcessCollection.Name)]
public sealed class PoolErrorSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_task_exception_comes_back_as_its_own_type_with_the_worker_stack_trace_of_user_code_inside()
    {
        using var pool = new Pool(1);
        Exception? seen = null;

        var pending = pool.ApplyAsync(() => PoolWork.Fail("no good"), errorCallback: e => seen = e);
        var thrown = Assert.Throws<ArgumentException>(() => pending.Get(Generous));

        Assert.Contains("no good", thrown.Message);
        var remote = Assert.IsType<RemoteException>(thrown.InnerException);
        Assert.Equal(typeof(ArgumentException).FullName, remote.RemoteType);
        Assert.Contains(nameof(PoolWork.Fail), remote.RemoteStackTrace);
        Assert.DoesNotContain("Actors.Multiprocessing.Internal", remote.RemoteStackTrace);
        Assert.DoesNotContain("lambda_method", remote.RemoteStackTrace);
        Assert.Same(thrown, seen);
        Assert.False(pending.Successful);
    }

    [Fact]
    public void Map_fails_with_the_first_exception_and_Imap_throws_it_in_place_then_goes_on()
    {
        using var pool = new Pool(2);

        var thrown = Assert.Throws<InvalidOperationException>(() => pool.Map(x => PoolWork.FailOn(x, 7), Enumerable.Range(0, 20)));
        var streamed = pool.Imap(x => PoolWork.FailOn(x, 3), Enumerable.Range(0, 6)).GetEnumerator();

        Assert.Contains("item 7 is bad", thrown.Message);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(streamed.MoveNext());
            Assert.Equal(i, streamed.Current);
        }

        Assert.Throws<InvalidOperationException>(() => streamed.MoveNext());
        Assert.True(streamed.MoveNext());
        Assert.Equal(4, streamed.Current);
        Assert.True(streamed.MoveNext());
        Assert.Equal(5, streamed.Current);
        Assert.False(streamed.MoveNext());
    }

    [Fact]
    public void A_result_that_cannot_be_transferred_fails_its_task_only_and_the_pool_survives_20_of_them()
    {
        using var pool = new Pool(2);

        var failures = Enumerable.Range(0, 20).Select(_ => pool.ApplyAsync(() => PoolWork.Unsendable())).ToList();

        Assert.All(failures, f => Assert.Throws<TransferException>(() => f.Get(Generous)));
        Assert.Equal(81, pool.Apply(() => PoolWork.Square(9)));
        Assert.Equal(2, pool.WorkerPids().Count);
    }

    [Fact]
    public void A_callback_that_throws_does_not_stop_the_pool()
    {
        using var console = new CapturedConsole();
        using var pool = new Pool(1);

        var pending = pool.ApplyAsync(() => PoolWork.Square(2), callback: _ => throw new InvalidOperationException("callback broke"));

        Assert.Equal(4, pending.Get(Generous));
        Assert.Equal(9, pool.Apply(() => PoolWork.Square(3)));
        Assert.Contains("callback broke", console.Error);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_a_clear_exception()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool(1, maxTasksPerChild: 0));
        Assert.Throws<TransferException>(() => new Pool(1, initializer: () => Console.WriteLine(new MemoryStream())));

        using var pool = new Pool(1);
        var items = new[] { 1, 2 };
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Map(x => PoolWork.Square(x), items, chunkSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Imap(x => PoolWork.Square(x), items, chunkSize: 0));
        Assert.Throws<ArgumentNullException>(() => pool.Map<int, int>(null!, items));
        Assert.Throws<ArgumentNullException>(() => pool.Map(x => PoolWork.Square(x), (int[])null!));
        var computed = Assert.Throws<TransferException>(() => pool.Map(x => PoolWork.Square(x + 1), items));
        Assert.Contains("parameter", computed.Message);
        Assert.Throws<TransferException>(() => pool.Map(x => x * x, items));
        Assert.Throws<TransferException>(() => pool.ApplyAsync(() => Task.FromResult(1)));
        var stream = Assert.Throws<TransferException>(() => pool.ApplyAsync(() => Work.Read(new MemoryStream())));
        Assert.Contains("'stream'", stream.Part);
        var joinOpen = Assert.Throws<InvalidOperationException>(() => pool.Join());
        Assert.Contains("call one of them first", joinOpen.Message);
    }

    [Fact]
    public void A_closed_or_terminated_pool_takes_no_more_tasks()
    {
        var closed = new Pool(1);
        closed.Close();
        var terminated = new Pool(1);
        terminated.Terminate();

        var afterClose = Assert.Throws<InvalidOperationException>(() => closed.Apply(() => PoolWork.Square(1)));
        var afterTerminate = Assert.Throws<InvalidOperationException>(() => terminated.Map(x => PoolWork.Square(x), new[] { 1 }));
        Assert.Contains("is closed and takes no more tasks; create a new Pool", afterClose.Message);
        Assert.Contains("is terminated and takes no more tasks; create a new Pool", afterTerminate.Message);
        closed.Join();
        terminated.Join();
    }
}
