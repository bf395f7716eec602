using System.Diagnostics;

namespace Actors.Multiprocessing.Testing;

/// <summary>
/// A command of examples/cluster-pool run as a process of its own: its output lines with the moment each came,
/// a wait for a line, and its whole tree killed at disposal. Compiled into the specs and the benchmarks.
/// </summary>
internal sealed class ExampleProcess : IDisposable
{
    // Generous: on a busy 2-core machine a node joins in seconds and a driver's map takes tens of seconds.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly System.Diagnostics.Process _process;
    private readonly List<OutputLine> _lines = [];
    private readonly string _description;
    private int _openStreams = 2;

    public ExampleProcess(string dll, IEnumerable<string> arguments, string workingDirectory)
    {
        _description = $"{Path.GetFileNameWithoutExtension(dll)} {string.Join(' ', arguments)}";
        // Stdin is a pipe that stays open: a node runs until it closes (also when this process dies).
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        _process = new System.Diagnostics.Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>Stdout and stderr so far, one string per line, in the order they came.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines.Select(line => line.Text)];
            }
        }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>Waits for an output line that satisfies <paramref name="match"/>; throws, showing the output, if the process ends or two minutes pass first.</summary>
    public OutputLine WaitForLine(Func<string, bool> match)
    {
        OutputLine? found = null;
        WaitUntil(
            () => (found = _lines.Find(line => match(line.Text))) is not null
                || (_openStreams == 0 ? throw new InvalidOperationException($"{_description} ended without the line awaited:\n{Output}") : false),
            "the line awaited");
        return found!;
    }

    /// <summary>Waits for the process to exit by itself, and for its last lines; its exit code.</summary>
    public int Exit()
    {
        if (!_process.WaitForExit(Patience))
        {
            throw new TimeoutException($"{_description} did not exit within {Patience.TotalMinutes} min:\n{Output}");
        }

        // Both streams read to the end: a process it started that outlives it would hold them open.
        WaitUntil(() => _openStreams == 0, "the end of its output (a process it started lives on)");
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to this process alone (its children see it go and end themselves).</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>Closes its stdin: a node or an actor driver of the example then ends.</summary>
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

    /// <summary>Waits until <paramref name="done"/> holds (it runs under the lines' lock); throws, showing the output, after two minutes.</summary>
    private void WaitUntil(Func<bool> done, string awaited)
    {
        var waited = Stopwatch.StartNew();
        lock (_lines)
        {
            while (!done())
            {
                if (waited.Elapsed > Patience)
                {
                    throw new TimeoutException($"{_description}: {awaited} did not come within {Patience.TotalMinutes} min:\n{Output}");
                }

                Monitor.Wait(_lines, TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private void Add(string? text)
    {
        var at = Stopwatch.GetTimestamp();
        lock (_lines)
        {
            // Null is the end of one of the two streams.
            if (text is null)
            {
                _openStreams--;
            }
            else
            {
                _lines.Add(new OutputLine(text, at));
            }

            Monitor.PulseAll(_lines);
        }
    }
}

/// <summary>One line of a process's output, and when it was read (a <see cref="Stopwatch"/> timestamp).</summary>
internal sealed record OutputLine(string Text, long At);
