// Benchmarks beside CPython's (../shared/bench/python_reference.py): one JSON line per scenario.
//   dotnet run -c Release --project tests/Actors.Multiprocessing.Benchmarks -- [scenario ...]
using Actors.Multiprocessing.Benchmarks;

var scenarios = Scenarios.All;
var chosen = args.Length == 0 ? scenarios.Keys.ToList() : args.ToList();
foreach (var name in chosen)
{
    if (!scenarios.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown scenario '{name}'. Known: {string.Join(", ", scenarios.Keys)}");
        return 2;
    }

    run();
}

return 0;
