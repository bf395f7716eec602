using System.Threading.Channels;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// Runs a pool's callbacks and progress reports one at a time, in the order their tasks finished, off the
/// router's thread (CPython runs them on its result-handler thread, so callbacks may share unlocked state).
/// A callback that throws is printed to stderr and the pool goes on (CPython's handler dies: gh-83371).
/// </summary>
internal sealed class CallbackRunner
{
    [ThreadStatic]
    private static CallbackRunner? _running;

    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });

    public CallbackRunner() => _ = Task.Run(RunAsync);

    public void Post(Action action) => _work.Writer.TryWrite(action);

    /// <summary>Whether the caller is one of this runner's callbacks: it must not wait for work queued behind itself.</summary>
    public bool IsRunningHere => _running == this;

    private async Task RunAsync()
    {
        await foreach (var action in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _running = this;
                action();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"Exception in a pool callback (the pool goes on):{Environment.NewLine}{e}");
            }
            finally
            {
                _running = null;
            }
        }
    }
}
