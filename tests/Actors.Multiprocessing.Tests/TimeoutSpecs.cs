using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// One rule for timeouts, CPython's: a negative timeout is zero (a try that does not wait), null waits
/// forever, and a timeout too long to count is as good as forever. No message names an internal parameter.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class TimeoutSpecs
{
    private static readonly TimeSpan Negative = TimeSpan.FromSeconds(-1);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Calls() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_negative_timeout_is_a_try_that_does_not_wait(string call) => await Cases[call]();

    [Fact]
    public void A_timeout_too_long_to_count_waits_like_no_timeout()
    {
        var q = new ProcessQueue<int>();
        q.Put(1, TimeSpan.MaxValue);

        Assert.Equal(1, q.Get(TimeSpan.MaxValue));
        using var pool = new Pool(1);
        Assert.True(pool.ApplyAsync(() => PoolWork.Square(2)).Wait(TimeSpan.MaxValue));
    }

    private static readonly Dictionary<string, Func<Task>> Cases = new()
    {
        ["ProcessQueue.Get with an item waiting"] = () =>
        {
            var q = new ProcessQueue<int>();
            q.Put(7);
            Assert.Equal(7, q.Get(Negative));
            return Task.CompletedTask;
        },
        ["ProcessQueue.Get on an empty queue"] = () =>
        {
            var q = new ProcessQueue<int>();
            var e = Assert.Throws<QueueEmptyException>(() => q.Get(Negative));
            AssertNamesNoParameter(e);
            return Task.CompletedTask;
        },
        ["ProcessQueue.GetAsync on an empty queue"] = async () =>
        {
            var q = new ProcessQueue<int>();
            await Assert.ThrowsAsync<QueueEmptyException>(() => q.GetAsync(Negative));
        },
        ["ProcessQueue.Put with room"] = () =>
        {
            var q = new ProcessQueue<int>(maxSize: 1);
            q.Put(1, Negative);
            Assert.Equal(1, q.Count);
            return Task.CompletedTask;
        },
        ["ProcessQueue.Put on a full queue"] = () =>
        {
            var q = new ProcessQueue<int>(maxSize: 1);
            q.Put(1);
            var e = Assert.Throws<QueueFullException>(() => q.Put(2, Negative));
            AssertNamesNoParameter(e);
            return Task.CompletedTask;
        },
        ["ProcessQueue.PutAsync on a full queue"] = async () =>
        {
            var q = new ProcessQueue<int>(maxSize: 1);
            q.Put(1);
            await Assert.ThrowsAsync<QueueFullException>(() => q.PutAsync(2, Negative));
        },
        ["Connection.Poll with a message waiting"] = () =>
        {
            var (a, b) = Pipe.Create<int>();
            b.Send(1);
            Assert.True(a.Poll(Negative));
            return Task.CompletedTask;
        },
        ["Connection.PollAsync with nothing sent"] = async () =>
        {
            var (a, _) = Pipe.Create<int>();
            Assert.False(await a.PollAsync(Negative));
        },
        ["Connection.Wait with nothing sent"] = () =>
        {
            var (a, _) = Pipe.Create<int>();
            Assert.Empty(Connection.Wait([a], Negative));
            return Task.CompletedTask;
        },
        ["Process.Join of a running child, then of an exited one"] = async () =>
        {
            var p = new Process(() => Work.Sleep(TimeSpan.FromSeconds(2)));
            p.Start();
            Assert.False(p.Join(Negative));
            Assert.False(await p.JoinAsync(Negative));
            Assert.True(p.Join(Generous));
            Assert.True(p.Join(Negative));
        },
        ["AsyncResult.Wait and Get before and after the result"] = () =>
        {
            using var pool = new Pool(1);
            var slow = pool.ApplyAsync(() => PoolWork.PidAfter(2_000));
            Assert.False(slow.Wait(Negative));
            var e = Assert.Throws<TimeoutException>(() => slow.Get(Negative));
            AssertNamesNoParameter(e);
            Assert.Contains("0 ms", e.Message);
            Assert.True(slow.Wait(Generous));
            Assert.True(slow.Get(Negative) > 0);
            return Task.CompletedTask;
        },
    };

    private static void AssertNamesNoParameter(Exception e)
    {
        Assert.DoesNotContain("Parameter", e.Message);
        Assert.DoesNotContain("00:00", e.Message);
    }
}
