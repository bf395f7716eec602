using System.Diagnostics;

namespace Actors.Multiprocessing.Benchmarks;

/// <summary>
/// Runs the CPython mirror of the scenarios (python/mirror.py) in the same run, after ours, and prints for
/// each scenario our figure over CPython's best start method, oriented so that a ratio above 1.0 means we win.
/// </summary>
internal static class CPythonSide
{
    private static readonly string[] Methods = ["spawn", "fork", "forkserver"];

    /// <summary>Units where less is better: times and memory. Every rate (tasks/s, items/s, ops/s, MB/s) is better higher.</summary>
    private static readonly HashSet<string> LowerIsBetter = ["ms/process", "us/round-trip", "ms/burst of 8", "MB", "s"];

    public static void Compare(IReadOnlyList<Measurement> ours)
    {
        var theirs = Run(ours.Select(m => MirrorName(m.Scenario)).Distinct().ToList());
        foreach (var mine in ours)
        {
            var candidates = theirs.Where(t => t.Scenario == MirrorName(mine.Scenario)).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var lower = LowerIsBetter.Contains(mine.Unit);
            var best = lower ? candidates.MinBy(t => t.Value)! : candidates.MaxBy(t => t.Value)!;
            var ratio = lower ? best.Value / mine.Value : mine.Value / best.Value;
            Console.WriteLine(JsonLine.Format(new Dictionary<string, object>
            {
                ["scenario"] = mine.Scenario,
                ["ratio"] = ratio,
                ["ours"] = mine.Value,
                ["cpython"] = best.Value,
                ["cpython_method"] = best.Method,
                ["unit"] = mine.Unit,
            }));
        }
    }

    /// <summary>CPython's scenario for ours: a first run (process_burst_first) is compared with CPython's only run.</summary>
    private static string MirrorName(string scenario) => scenario.EndsWith("_first", StringComparison.Ordinal) ? scenario[..^"_first".Length] : scenario;

    private static List<Measurement> Run(IReadOnlyList<string> scenarios)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "python", "mirror.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "--methods", string.Join(',', Methods) }.Concat(scenarios))
        {
            start.ArgumentList.Add(argument);
        }

        using var python = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException("python3 could not be started; install CPython 3 to compare with it.");
        var results = new List<Measurement>();
        while (python.StandardOutput.ReadLine() is { } line)
        {
            Console.WriteLine(line);
            var fields = JsonLine.Parse(line);
            results.Add(new Measurement(fields["scenario"].GetString()!, fields["value"].GetDouble(), fields["unit"].GetString()!, fields["method"].GetString()!));
        }

        python.WaitForExit();
        if (python.ExitCode != 0)
        {
            throw new InvalidOperationException($"The CPython mirror exited with code {python.ExitCode}; its error is above.");
        }

        return results;
    }
}

/// <summary>One scenario's figure, from either side; <see cref="Method"/> is CPython's start method or "actors".</summary>
internal sealed record Measurement(string Scenario, double Value, string Unit, string Method);
