using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Where we beat CPython: no grandchild survives Terminate, no child survives its parent.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessTreeSpecs : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly string _pidFile = Path.Combine(Path.GetTempPath(), $"actors-mp-{Guid.NewGuid():N}.pid");

    public void Dispose() => File.Delete(_pidFile);

    [Fact]
    public async Task Terminate_ends_the_grandchildren_too()
    {
        var pidFile = _pidFile;
        var p = new Process(() => Work.SpawnSleeperAndWait(pidFile));
        p.Start();
        var grandchild = await OsProcess.ReadPidFileAsync(pidFile, Generous);
        Assert.True(OsProcess.IsRunning(grandchild));

        p.Terminate();

        Assert.True(p.Join(Generous));
        Assert.Equal(-15, p.ExitCode);
        Assert.True(await OsProcess.WaitGoneAsync(grandchild, Generous), $"grandchild {grandchild} outlived Terminate");
    }

    [Fact]
    public async Task A_child_whose_parent_is_killed_exits_instead_of_becoming_an_orphan()
    {
        var pidFile = _pidFile;
        var parent = new Process(() => Work.StartChildAndWait(pidFile));
        parent.Start();
        var orphan = await OsProcess.ReadPidFileAsync(pidFile, Generous);
        Assert.True(OsProcess.IsRunning(orphan));

        // SIGKILL the middle process only (not its tree): nothing in it gets a chance to clean up.
        using (var os = System.Diagnostics.Process.GetProcessById(parent.Pid!.Value))
        {
            os.Kill(entireProcessTree: false);
        }

        Assert.True(parent.Join(Generous));
        Assert.Equal(-9, parent.ExitCode);
        Assert.True(await OsProcess.WaitGoneAsync(orphan, Generous), $"child {orphan} outlived its killed parent");
    }

    [Fact]
    public async Task At_exit_a_process_terminates_its_daemon_children_and_joins_the_others()
    {
        using var console = new CapturedConsole();
        var pidFile = _pidFile;
        var p = new Process(() => Work.StartChildrenAndReturn(pidFile));

        p.Start();

        Assert.True(p.Join(Generous));
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("worker finished", console.Out);
        var daemon = await OsProcess.ReadPidFileAsync(pidFile, Generous);
        Assert.True(await OsProcess.WaitGoneAsync(daemon, Generous), $"daemon child {daemon} outlived its parent's exit");
    }

    [Fact]
    public void Secrets_are_on_no_command_line_in_no_environment_and_in_no_file_the_child_holds_open()
    {
        var p = new Process(() => Work.Sleep(TimeSpan.FromMinutes(5)));
        p.Start();
        try
        {
            var key = Process.Current.AuthKey;
            var forms = new[] { Convert.ToHexString(key), Convert.ToHexString(key).ToLowerInvariant(), Convert.ToBase64String(key) };
            var cmdline = File.ReadAllText($"/proc/{p.Pid}/cmdline");
            var environ = File.ReadAllText($"/proc/{p.Pid}/environ");

            Assert.Contains("exec", cmdline);
            foreach (var form in forms)
            {
                Assert.DoesNotContain(form, cmdline);
                Assert.DoesNotContain(form, environ);
            }

            foreach (var file in OsProcess.OpenRegularFiles(p.Pid!.Value))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.False(bytes.AsSpan().IndexOf(key) >= 0, $"{file} holds the authkey");
            }
        }
        finally
        {
            p.Kill();
            p.Join();
        }
    }
}
