// Port of the seed's m4.py: a pool of 3 runs startWork(0..4) with apply_async, then close() and join().
//   dotnet run --project examples/m4            three pids start 0, 1, 2; each "end" frees a worker for 3, then 4
//   dotnet run --project examples/m4 -- --map   a Map of 400 items with a progress bar (Spectre.Console in a terminal,
//                                               a line at every 10% when the output is redirected)
using Actors.Multiprocessing;
using Examples.M4;

if (args.Contains("--map"))
{
    await using var mapPool = new Pool(processes: 3);
    var items = Enumerable.Range(0, 400).Select(i => i * 1_000);
    var sums = await ProgressBar.RunAsync(
        "Map of 400 items", progress => mapPool.MapAsync(n => Work.SumOfSquaresBelow(n), items, chunkSize: 10, progress).AsTask());
    Console.WriteLine($"{sums.Count} results, the last {sums[^1]}");
    return;
}

var pool = new Pool(processes: 3);
for (var i = 0; i < 5; i++)
{
    _ = pool.ApplyAsync(() => Work.StartWork(i)); // the result is not needed, as in the seed
}

pool.Close(); // no more tasks
pool.Join(); // wait for the five tasks and the workers, as the seed's pool.join()
