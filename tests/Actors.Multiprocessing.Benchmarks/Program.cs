// Benchmarks beside CPython's (../shared/bench/python_reference.py): one JSON line per scenario.
//   dotnet run -c Release --project tests/Actors.Multiprocessing.Benchmarks -- [scenario ...] [--python] [--no-tls] [--warm-hosts N]
// --warm-hosts N sets how many child hosts wait ready (0: every child starts cold).
// --python runs python/mirror.py (spawn, fork, forkserver) afterwards and prints each ratio; above 1.0 we win.
using Actors.Multiprocessing;
using Actors.Multiprocessing.Benchmarks;
using Akka.Configuration;

var settings = new List<string>();
if (args.Contains("--no-tls"))
{
    // For comparison only: the family then runs unauthenticated (and the library says so on stderr).
    Scenarios.Tls = false;
    settings.Add("actors.multiprocessing.tls = off");
}

if (Array.IndexOf(args, "--warm-hosts") is var at and >= 0)
{
    // For comparison: how many child hosts wait ready (the default is in hocon/reference.conf; 0 starts every child cold).
    settings.Add($"actors.multiprocessing.warm-hosts = {int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture)}");
}

var config = ConfigurationFactory.ParseString(string.Join('\n', settings));
ProcessRuntime.Configure(config);
WarmHostsReady.Configured = config.WithFallback(ProcessRuntime.DefaultConfig).GetInt("actors.multiprocessing.warm-hosts");

var scenarios = Scenarios.All;
var named = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] != "--warm-hosts")).ToList();
var chosen = named.Count == 0 ? scenarios.Keys.ToList() : named;
var ran = new HashSet<Action>();
foreach (var name in chosen)
{
    if (!scenarios.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown scenario '{name}'. Known: {string.Join(", ", scenarios.Keys)}");
        return 2;
    }

    // Names measured by one run (children_50_pss and children_50_wall) run it once.
    if (ran.Add(run))
    {
        Quiet.Wait(name);
        run();
    }
}

if (args.Contains("--python"))
{
    CPythonSide.Compare(Scenarios.Results);
}

return 0;
