// Benchmarks beside CPython's (../shared/bench/python_reference.py): one JSON line per scenario.
//   dotnet run -c Release --project tests/Actors.Multiprocessing.Benchmarks -- [scenario ...] [--python] [--no-tls]
// --python runs python/mirror.py (spawn, fork, forkserver) afterwards and prints each ratio; above 1.0 we win.
using Actors.Multiprocessing;
using Actors.Multiprocessing.Benchmarks;
using Akka.Configuration;

if (args.Contains("--no-tls"))
{
    // For comparison only: the family then runs unauthenticated (and the library says so on stderr).
    Scenarios.Tls = false;
    ProcessRuntime.Configure(ConfigurationFactory.ParseString("actors.multiprocessing.tls = off"));
}

var scenarios = Scenarios.All;
var named = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var chosen = named.Count == 0 ? scenarios.Keys.ToList() : named;
foreach (var name in chosen)
{
    if (!scenarios.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown scenario '{name}'. Known: {string.Join(", ", scenarios.Keys)}");
        return 2;
    }

    run();
}

if (args.Contains("--python"))
{
    CPythonSide.Compare(Scenarios.Results);
}

return 0;
