using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Calls in the wrong state fail at once with the exception CPython's rules call for.</summary>
[Collection(ProcessCollection.Name)]
public sealed class MisuseSpecs
{
    [Fact]
    public void Start_twice_throws_InvalidOperationException()
    {
        var p = new Process(() => Work.Nothing());
        p.Start();

        var e = Assert.Throws<InvalidOperationException>(p.Start);
        Assert.Contains("was already started", e.Message);
        Assert.Contains("create a new Process to run the target again", e.Message);
        p.Join();
    }

    [Fact]
    public void Join_before_Start_throws_InvalidOperationException()
    {
        var p = new Process(() => Work.Nothing());

        var e = Assert.Throws<InvalidOperationException>(() => p.Join());
        Assert.Contains("Start() it first", e.Message);
        Assert.Throws<InvalidOperationException>(() => p.Join(TimeSpan.FromSeconds(1)));
        Assert.Throws<InvalidOperationException>(p.Terminate);
    }

    [Fact]
    public void Close_on_a_live_process_throws_and_after_Close_everything_but_Close_throws_ObjectDisposedException()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        p.Start();

        var running = Assert.Throws<InvalidOperationException>(p.Close);
        Assert.Contains($"pid={p.Pid} started", running.Message);
        Assert.Contains("Join or Terminate it before Close()", running.Message);

        p.Kill();
        p.Join();
        p.Close();
        p.Close();
        var closed = Assert.Throws<ObjectDisposedException>(() => p.Name);
        Assert.Contains("Read what you need (Pid, ExitCode) before closing it", closed.Message);
        Assert.Throws<ObjectDisposedException>(() => p.IsAlive);
        Assert.Throws<ObjectDisposedException>(() => p.ExitCode);
        Assert.Throws<ObjectDisposedException>(() => p.Pid);
        Assert.Throws<ObjectDisposedException>(p.Start);
        Assert.Throws<ObjectDisposedException>(() => p.Join());
        Assert.Throws<ObjectDisposedException>(p.Kill);
    }

    [Fact]
    public void Daemon_cannot_change_after_Start()
    {
        var p = new Process(() => Work.Nothing(), daemon: true);
        Assert.True(p.Daemon);
        p.Start();

        Assert.Throws<InvalidOperationException>(() => p.Daemon = false);
        p.Join();
    }

    [Fact]
    public void The_current_process_cannot_be_joined_started_or_signalled()
    {
        Assert.Throws<InvalidOperationException>(() => Process.Current.Join());
        Assert.Throws<InvalidOperationException>(Process.Current.Start);
        Assert.Throws<InvalidOperationException>(Process.Current.Terminate);
    }
}
