using Actors.Multiprocessing.Internal.SharedMemory;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>A manager process serving dictionaries, lists, namespaces and custom objects to real child processes.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ManagerSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public void Four_children_add_a_thousand_entries_each_to_one_dict_and_the_parent_sees_them_all()
    {
        using var manager = new Manager();
        var dict = manager.Dict<string, int>();
        var children = Enumerable.Range(0, 4).Select(w => new Process(() => ManagerWork.AddEntries(dict, w, 1000))).ToList();

        children.ForEach(p => p.Start());
        Assert.All(children, p => Assert.True(p.Join(Generous) && p.ExitCode == 0));

        Assert.Equal(4000, dict.Count);
        Assert.Equal(999, dict["3-999"]);
        Assert.Equal(4000, dict.Copy().Count);
        Assert.True(dict.TryGetValue("0-5", out var five) && five == 5);
        Assert.False(dict.TryGetValue("missing", out _));
        Assert.Throws<KeyNotFoundException>(() => dict["missing"]);
    }

    [Fact]
    public void AddOrUpdate_from_two_children_loses_no_update()
    {
        using var manager = new Manager();
        var dict = manager.Dict<string, int>();
        var children = Enumerable.Range(0, 2).Select(_ => new Process(() => ManagerWork.Increment(dict, 300))).ToList();

        children.ForEach(p => p.Start());
        Assert.All(children, p => Assert.True(p.Join(Generous) && p.ExitCode == 0));

        Assert.Equal(600, dict["hits"]);
    }

    [Fact]
    public void A_list_appended_and_reversed_by_a_child_reads_so_in_the_parent_as_the_seeds_example()
    {
        using var manager = new Manager();
        var list = manager.List<int>();
        list.Add(-1);
        var child = new Process(() => ManagerWork.AppendThenReverse(list, 0, 10));

        child.Start();
        Assert.True(child.Join(Generous));

        Assert.Equal(0, child.ExitCode);
        Assert.Equal([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1], list.ToList());
        Assert.Equal("[9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1]", list.ToString());
        Assert.Equal(11, list.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[11]);
    }

    [Fact]
    public void A_custom_object_runs_every_call_on_its_one_instance_and_its_exceptions_come_back_as_their_own_type()
    {
        using var manager = new Manager();
        var counter = manager.Create<ICounter>(() => new Counter(10));
        var child = new Process(() => ManagerWork.Bump(counter, 5));

        child.Start();
        Assert.True(child.Join(Generous));
        counter.Increment();

        Assert.Equal(0, child.ExitCode);
        Assert.Equal(16, counter.Value);
        Assert.True(counter.TryDivide(4, out var quotient));
        Assert.Equal(4, quotient);
        var thrown = Assert.Throws<InvalidOperationException>(() => counter.Fail("refused"));
        Assert.Equal("refused", thrown.Message);
        Assert.IsType<RemoteException>(thrown.InnerException);
    }

    [Fact]
    public void A_namespace_holds_named_values_set_by_a_child()
    {
        using var manager = new Manager();
        var names = manager.Namespace();
        names["x"] = "from the parent";
        var child = new Process(() => ManagerWork.Name(names, "y", 42));

        child.Start();
        Assert.True(child.Join(Generous));

        Assert.Equal(42, names.Get<int>("y"));
        Assert.Equal("from the parent", names["x"]);
        Assert.Throws<KeyNotFoundException>(() => names["z"]);
    }

    [Fact]
    public void Every_proxy_call_fails_with_OwnerLostException_once_the_manager_process_is_killed()
    {
        var manager = new Manager();
        var dict = manager.Dict<int, int>();
        var list = manager.List<int>();
        dict[1] = 1;

        System.Diagnostics.Process.GetProcessById(manager.Pid).Kill();

        Assert.Equal(manager.Pid, Assert.Throws<OwnerLostException>(() => dict[1]).OwnerPid);
        Assert.Throws<OwnerLostException>(() => list.Add(1));
        Assert.Throws<OwnerLostException>(() => manager.Dict<int, int>());
        manager.Dispose();
    }

    [Fact]
    public void Dispose_ends_the_manager_process_and_leaves_no_shared_memory_file()
    {
        var before = Segment.Existing().ToHashSet();
        var manager = new Manager();
        var dict = manager.Dict<int, int>();
        dict[1] = 1;
        var pid = manager.Pid;

        manager.Dispose();

        Assert.False(OsProcess.IsRunning(pid));
        Assert.True(SpinWait.SpinUntil(() => Segment.Existing().All(before.Contains), Generous), "a /dev/shm file stayed behind");
        Assert.Throws<OwnerLostException>(() => dict[1]);
    }

    [Fact]
    public void Create_refuses_a_class_and_a_factory_that_is_not_a_constructor_call()
    {
        using var manager = new Manager();

        Assert.Throws<ArgumentException>(() => manager.Create<Counter>(() => new Counter(1)));
        Assert.Throws<TransferException>(() => manager.Create<ICounter>(() => MakeCounter()));
    }

    [Fact]
    public async Task A_child_killed_in_the_middle_of_its_calls_leaves_the_object_whole_and_the_manager_serving()
    {
        using var manager = new Manager();
        var dict = manager.Dict<string, int>();
        var child = new Process(() => ManagerWork.IncrementForever(dict));
        child.Start();
        Assert.True(SpinWait.SpinUntil(() => dict.TryGetValue("hits", out var hits) && hits > 200, Generous));

        child.Kill();
        Assert.True(await child.JoinAsync(Generous));
        var afterKill = dict["hits"];

        Assert.Equal(afterKill + 1, dict.AddOrUpdate("hits", 1, hits => ManagerWork.Plus1(hits)));
        Assert.Equal(afterKill + 1, dict["hits"]);
    }

    [Fact]
    public void Many_threads_on_one_proxy_lose_no_update()
    {
        using var manager = new Manager();
        var dict = manager.Dict<string, int>();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 100; i++)
            {
                dict.AddOrUpdate("hits", 1, hits => ManagerWork.Plus1(hits));
            }
        });

        Assert.Equal(800, dict["hits"]);
    }

    [Fact]
    public void A_result_that_cannot_travel_fails_the_call_with_a_TransferException_and_the_proxy_stays_usable()
    {
        using var manager = new Manager();
        var counter = manager.Create<ICounter>(() => new Counter(1));

        var refused = Assert.Throws<TransferException>(() => counter.Open());

        Assert.Contains("MemoryStream", refused.Message);
        Assert.Equal(2, counter.Increment());
    }

    [Fact]
    public void Proxies_travel_as_pool_task_arguments_and_as_queue_items()
    {
        using var manager = new Manager();
        var dict = manager.Dict<string, int>();
        var counter = manager.Create<ICounter>(() => new Counter(0));
        using var counters = new ProcessQueue<ICounter>();
        using (var pool = new Pool(processes: 2))
        {
            var counts = pool.Map(key => ManagerWork.AddAndCount(dict, key), ["a", "b", "c"]);
            Assert.Equal(3, counts.Max());
        }

        counters.Put(counter);
        var child = new Process(() => ManagerWork.BumpFromQueue(counters));
        child.Start();
        Assert.True(child.Join(Generous));

        Assert.Equal(0, child.ExitCode);
        Assert.Equal(["a", "b", "c"], dict.Keys.Order());
        Assert.Equal(1, counter.Value);
    }

    private static ICounter MakeCounter() => new Counter(0);
}
