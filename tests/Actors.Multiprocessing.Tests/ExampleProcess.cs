using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// An example program run as a process of its own (outside the test host's family): its output lines as they
/// come, a wait for a line, and a kill of its whole tree at disposal.
/// </summary>
public sealed class ExampleProcess : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _description;

    public ExampleProcess(string dll, IEnumerable<string> arguments, string workingDirectory)
    {
        _description = $"{Path.GetFileNameWithoutExtension(dll)} {string.Join(' ', arguments)}";
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        _process = System.Diagnostics.Process.Start(start)!;
        _ = Pump(_process.StandardOutput);
        _ = Pump(_process.StandardError);
        _ = _process.WaitForExitAsync().ContinueWith(_ => _ended.TrySetResult(), TaskScheduler.Default);
    }

    public int Pid => _process.Id;

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    /// <summary>Waits for an output line that satisfies <paramref name="match"/>; fails, showing the output, if the process ends or two minutes pass first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_ended.Task.IsCompleted)
            {
                // Let the pumps take the last lines, then look once more.
                await Task.Delay(200);
                return _lines.FirstOrDefault(match) ?? throw new Xunit.Sdk.XunitException(
                    $"{_description} ended (exit {_process.ExitCode}) without the line awaited:\n{Output}");
            }

            Assert.True(deadline.Elapsed < Generous, $"{_description} did not print the line awaited within {Generous}:\n{Output}");
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits for the process to exit by itself; its exit code.</summary>
    public async Task<int> ExitAsync()
    {
        await _ended.Task.WaitAsync(Generous * 2);
        // Let the pumps take the last lines.
        await Task.Delay(100);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, of this process only: its children learn of it as they would of a crash.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public void CloseInput() => _process.StandardInput.Close();

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }

        _process.Dispose();
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            _lines.Enqueue(line);
            _arrived.Release();
        }
    }
}
