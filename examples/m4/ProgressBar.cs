using Actors.Multiprocessing;
using Spectre.Console;

namespace Examples.M4;

/// <summary>
/// Shows how far a pool call has got: a Spectre.Console bar in a terminal, and a plain line at every 10% when
/// the output is redirected (a file or a pipe would keep every frame of a live bar).
/// </summary>
public static class ProgressBar
{
    /// <summary>Runs <paramref name="call"/> with a progress that draws as the pool reports, and returns its result.</summary>
    public static Task<T> RunAsync<T>(string title, Func<IProgress<PoolProgress>, Task<T>> call)
    {
        if (Console.IsOutputRedirected)
        {
            var shown = 0;
            return call(new Reported(p =>
            {
                var tenths = p.Done * 10 / p.Total;
                if (tenths > shown)
                {
                    shown = tenths;
                    Console.WriteLine($"{title}: {tenths * 10}% ({p.Done}/{p.Total})");
                }
            }));
        }

        return AnsiConsole.Progress().StartAsync(context =>
        {
            var task = context.AddTask(title);
            return call(new Reported(p =>
            {
                task.MaxValue = p.Total;
                task.Value = p.Done;
            }));
        });
    }

    /// <summary>
    /// Draws as each report is made: the pool makes them one at a time and in order, where Progress&lt;T&gt;
    /// would post each to the thread pool, so that a late one could draw after the result was printed.
    /// </summary>
    private sealed class Reported(Action<PoolProgress> draw) : IProgress<PoolProgress>
    {
        public void Report(PoolProgress value) => draw(value);
    }
}
