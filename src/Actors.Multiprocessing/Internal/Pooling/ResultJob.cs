namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// A job with one result for all its tasks (Apply, Map, StarMap): gathers the chunks' results in order and
/// completes its <see cref="AsyncResult{T}"/> when the last arrives, or fails it at the first error.
/// </summary>
internal sealed class ResultJob<TResult, TValue>(
    AsyncResult<TValue> result,
    int chunks,
    int items,
    Func<TResult[][], TValue> finish,
    ProgressReporter? progress) : PoolJob
{
    private readonly TResult[][] _chunks = new TResult[chunks][];
    private int _remaining = chunks;

    public override void Complete(int index, byte[] results)
    {
        _chunks[index] = ChunkCodec.Decode<TResult>(results);
        progress?.Advance(_chunks[index].Length, items);
        if (--_remaining == 0)
        {
            result.Complete(finish(_chunks));
        }
    }

    public override void Fail(int index, Exception error) => Settle(error);

    public override void Abort(Exception error) => Settle(error);

    /// <summary>The call has failed: the chunks that still finish report no progress once it is over.</summary>
    private void Settle(Exception error)
    {
        progress?.Stop();
        result.Fail(error);
    }
}
