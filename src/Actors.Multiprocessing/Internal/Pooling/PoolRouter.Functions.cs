using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// The router's table of functions: each is sent once to each worker, and a Map's function (which may hold
/// large captured values) is dropped, here and in the workers, once its last task is over. Apply's
/// functions, one per method, stay for the pool's life.
/// </summary>
internal sealed partial class PoolRouter
{
    private readonly Dictionary<int, Function> _functions = [];

    private void Register(Submission submission)
    {
        if (submission.FunctionBytes is { } bytes)
        {
            _functions[submission.FunctionId] = new Function(bytes, submission.Shared);
        }

        _functions[submission.FunctionId].Unfinished += submission.Chunks.Count;
    }

    private void Release(int id)
    {
        var function = _functions[id];
        if (--function.Unfinished > 0 || function.Shared)
        {
            return;
        }

        _functions.Remove(id);
        function.Bytes.Discard();
        foreach (var worker in _workers.Where(w => w.KnownFunctions.Remove(id)))
        {
            worker.Forget(id);
        }
    }

    private void ForgetAllFunctions()
    {
        foreach (var function in _functions.Values)
        {
            function.Bytes.Discard();
        }

        _functions.Clear();
    }

    /// <summary>A function's serialized form and how many of its tasks are not over.</summary>
    private sealed class Function(Payload bytes, bool shared)
    {
        public Payload Bytes { get; } = bytes;

        public bool Shared { get; } = shared;

        public int Unfinished { get; set; }
    }
}
