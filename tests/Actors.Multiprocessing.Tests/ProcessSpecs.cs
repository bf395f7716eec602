using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The Process lifecycle across real OS processes: start, join, exit codes, output.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_process_that_returns_runs_in_another_os_process_and_exits_with_0()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromSeconds(1)), name: "sleeper");
        Assert.True(p.ExitCode is null && !p.IsAlive);
        Assert.Null(p.Pid);

        p.Start();

        Assert.NotNull(p.Pid);
        Assert.NotEqual(Environment.ProcessId, p.Pid);
        Assert.True(p.Join(Generous));
        Assert.False(p.IsAlive);
        Assert.Equal(0, p.ExitCode);
        Assert.Equal("sleeper", p.Name);
    }

    [Fact]
    public void Join_with_a_timeout_returns_false_while_the_child_runs()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        p.Start();

        Assert.False(p.Join(TimeSpan.FromMilliseconds(200)));
        Assert.True(p.IsAlive);
        Assert.Null(p.ExitCode);

        p.Terminate();
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public async Task A_target_that_throws_exits_with_1_and_prints_the_exception_to_stderr_without_the_library_frames()
    {
        using var console = new CapturedConsole();
        var p = new Process(() => Work.Fail("boom"));

        p.Start();
        await p.JoinAsync().WaitAsync(Generous);

        Assert.Equal(1, p.ExitCode);
        Assert.Contains($"Process {p.Name}:", console.Error);
        Assert.Contains("System.InvalidOperationException: boom", console.Error);
        Assert.Contains("at Actors.Multiprocessing.Tests.Work.Fail(String message)", console.Error);
        Assert.DoesNotContain("at Actors.Multiprocessing.Internal.", console.Error);
        Assert.DoesNotContain("at System.Reflection.", console.Error);
    }

    [Fact]
    public void Environment_Exit_in_the_target_becomes_the_exit_code()
    {
        var p = new Process(() => Environment.Exit(3));

        p.Start();

        Assert.True(p.Join(Generous));
        Assert.Equal(3, p.ExitCode);
    }

    [Fact]
    public void Terminate_ends_the_child_with_minus_15()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        p.Start();

        p.Terminate();

        Assert.True(p.Join(Generous));
        Assert.Equal(-15, p.ExitCode);
    }

    [Fact]
    public void Kill_ends_the_child_with_minus_9()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        p.Start();

        p.Kill();

        Assert.True(p.Join(Generous));
        Assert.Equal(-9, p.ExitCode);
    }

    [Fact]
    public void Captured_locals_and_expressions_are_evaluated_in_the_parent_and_sent()
    {
        using var console = new CapturedConsole();
        var n = 7;
        var payload = new Payload("data", [1, 2, 3]);
        var sum = new Process(() => Work.PrintSum(n, 35));
        var computed = new Process(() => Work.ExitWith(n * 6));
        var custom = new Process(() => Work.Describe(payload));
        n = 8; // evaluated at Start, as CPython pickles args in start()

        sum.Start();
        computed.Start();
        custom.Start();

        Assert.True(sum.Join(Generous) && computed.Join(Generous) && custom.Join(Generous));
        Assert.Contains("sum=43", console.Out);
        Assert.Equal(48, computed.ExitCode);
        Assert.Contains("payload=data:6", console.Out);
    }

    [Fact]
    public void A_target_method_that_returns_a_value_runs_and_its_value_is_dropped()
    {
        var n = 7;
        var p = new Process(() => Work.Add(n, 35));

        p.Start();

        Assert.True(p.Join(Generous));
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public async Task Async_targets_are_awaited_in_the_child()
    {
        using var console = new CapturedConsole();
        var done = new Process(() => Work.PrintAfterAwaitAsync("after await"));
        var failed = new Process(() => Work.FailAfterAwaitAsync("async boom"));

        done.Start();
        failed.Start();

        Assert.True(await done.JoinAsync(Generous));
        Assert.True(await failed.JoinAsync(Generous));
        Assert.Equal(0, done.ExitCode);
        Assert.Contains("after await", console.Out);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("System.ArgumentException: async boom", console.Error);
    }

    [Fact]
    public void The_child_knows_itself_and_its_parent_and_inherits_the_authkey()
    {
        using var console = new CapturedConsole();
        var p = new Process(() => Work.PrintFamily(), name: "curious");

        p.Start();

        Assert.True(p.Join(Generous));
        Assert.Equal(0, p.ExitCode);
        Assert.Contains($"current=curious|{p.Pid}|True", console.Out);
        Assert.Contains($"parent={Process.Current.Name}|{Environment.ProcessId}|True", console.Out);
        Assert.Contains($"authkey={Convert.ToHexString(Process.Current.AuthKey)}", console.Out);
    }

    [Fact]
    public void The_main_process_has_no_parent_and_a_name()
    {
        Assert.Null(Process.Parent);
        Assert.Equal("MainProcess", Process.Current.Name);
        Assert.Equal(Environment.ProcessId, Process.Current.Pid);
        Assert.True(Process.Current.IsAlive);
        Assert.Equal(Environment.ProcessorCount, Process.CpuCount);
    }

    [Fact]
    public void Names_default_to_Process_N()
    {
        var first = new Process(() => Work.Nothing());
        var second = new Process(() => Work.Nothing());

        var a = int.Parse(first.Name["Process-".Length..]);
        var b = int.Parse(second.Name["Process-".Length..]);
        Assert.StartsWith("Process-", first.Name);
        Assert.Equal(a + 1, b);
    }

    [Fact]
    public void ActiveChildren_lists_running_children_until_they_are_joined()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        p.Start();

        Assert.Contains(p, Process.ActiveChildren());

        p.Kill();
        p.Join();
        Assert.DoesNotContain(p, Process.ActiveChildren());
    }

    [Fact]
    public void Start_lets_go_of_the_target_so_its_arguments_can_be_collected_and_Run_has_nothing_left()
    {
        var (p, value) = StartWithValue();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(value.IsAlive);
        Assert.True(p.Join(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, p.ExitCode);
        Assert.Throws<InvalidOperationException>(p.Run);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (Process Started, WeakReference Value) StartWithValue()
    {
        var value = new SharedValue<int>(3);
        var p = new Process(() => SharedWork.Increment(value, 1));
        p.Start();
        return (p, new WeakReference(value));
    }
}
