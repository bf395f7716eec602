using System.Linq.Expressions;
using System.Runtime.InteropServices;
using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing;

/// <summary>How a call becomes the router's tasks: compiled, chunked and serialized here, in the caller.</summary>
public sealed partial class Pool
{
    /// <summary>The bytes of the largest chunk of primitives Map makes by itself: under the large object heap's 85,000.</summary>
    private const int LargestRawChunk = 64 * 1024;

    /// <summary>Submits an Apply call as one task whose item is the call's evaluated arguments.</summary>
    private AsyncResult<TValue> SubmitCall<TValue>(LambdaExpression call, Action<TValue>? callback, Action<Exception>? errorCallback)
    {
        ArgumentNullException.ThrowIfNull(call);
        ThrowIfNotOpen();
        var (function, item) = PoolCallCompiler.CompileCall(call);
        var chunk = SerializeChunk(new[] { item }, "The arguments of", function, readBack: !ChunkCodec.ArePlain(item));
        var result = new AsyncResult<TValue>(_callbacks, callback, errorCallback);
        var job = new ResultJob<TValue, TValue>(result, chunks: 1, items: 1, chunks => chunks[0][0], progress: null);
        Send(job, function, function.Key, [chunk]);
        return result;
    }

    /// <summary>Submits a Map or StarMap: the items in chunks, each a task, gathered into one list in item order.</summary>
    private AsyncResult<IReadOnlyList<TResult>> SubmitMap<TItem, TResult>(
        LambdaExpression func,
        ItemShape shape,
        IEnumerable<TItem> items,
        int? chunkSize,
        IProgress<PoolProgress>? progress,
        Action<IReadOnlyList<TResult>>? callback,
        Action<Exception>? errorCallback)
    {
        var (function, list, chunks) = Prepare(func, shape, items, count => chunkSize ?? DefaultChunkSize<TItem, TResult>(count));
        var result = new AsyncResult<IReadOnlyList<TResult>>(_callbacks, callback, errorCallback);
        if (chunks.Count == 0)
        {
            result.Complete([]);
            return result;
        }

        var job = new ResultJob<TResult, IReadOnlyList<TResult>>(
            result, chunks.Count, list.Count, Concat, ProgressReporter.For(progress, _callbacks));
        Send(job, function, key: null, chunks);
        return result;
    }

    /// <summary>Submits an Imap: the items in chunks (1 by default), whose results stream back.</summary>
    private StreamJob<TResult> SubmitStream<TItem, TResult>(
        LambdaExpression func, IEnumerable<TItem> items, int chunkSize, IProgress<PoolProgress>? progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1, nameof(chunkSize));
        var (function, list, chunks) = Prepare(func, ItemShape.Whole, items, _ => chunkSize);
        var job = new StreamJob<TResult>(chunks.Count, list.Count, chunkSize, ProgressReporter.For(progress, _callbacks));
        if (chunks.Count > 0)
        {
            Send(job, function, key: null, chunks);
        }

        return job;
    }

    private (PoolFunction Function, List<TItem> Items, List<Payload> Chunks) Prepare<TItem>(
        LambdaExpression func, ItemShape shape, IEnumerable<TItem> items, Func<int, int> chunkSize)
    {
        ArgumentNullException.ThrowIfNull(func);
        ArgumentNullException.ThrowIfNull(items);
        ThrowIfNotOpen();
        var function = PoolCallCompiler.CompileTemplate(func, shape, typeof(TItem));
        var list = items.ToList();
        var size = chunkSize(list.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(chunkSize));
        var chunks = new List<Payload>();
        try
        {
            // Sliced from the list's memory: a chunk of a million items costs one copy, not an enumerator call per item.
            var all = CollectionsMarshal.AsSpan(list);
            for (var start = 0; start < all.Length; start += size)
            {
                var chunk = all.Slice(start, Math.Min(size, all.Length - start)).ToArray();
                chunks.Add(SerializeChunk(chunk, "The items of", function, readBack: !ChunkCodec.IsRaw<TItem>()));
            }
        }
        catch
        {
            Discard(chunks);
            throw;
        }

        return (function, list, chunks);
    }

    /// <summary>The results of every chunk, in order, copied into one array.</summary>
    private static TResult[] Concat<TResult>(TResult[][] parts)
    {
        var all = new TResult[parts.Sum(part => part.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        return all;
    }

    /// <summary>
    /// CPython's rule for Map, about four chunks per worker, with chunks of primitives kept to
    /// <see cref="LargestRawChunk"/> bytes: a larger array would live on the large object heap, on both sides,
    /// and every few maps start a gen 2 collection that takes a core from the workers.
    /// </summary>
    private int DefaultChunkSize<TItem, TResult>(int count)
    {
        var workers = Math.Max(1, Processes);
        var size = Math.Max(1, (count + (4 * workers) - 1) / (4 * workers));
        var widest = Math.Max(RawSize<TItem>(), RawSize<TResult>());
        return widest == 0 ? size : Math.Min(size, LargestRawChunk / widest);
    }

    /// <summary>The bytes of a <typeparamref name="T"/> when chunks of it are copied as raw memory, else 0.</summary>
    private static int RawSize<T>() => ChunkCodec.IsRaw<T>() ? System.Runtime.CompilerServices.Unsafe.SizeOf<T>() : 0;

    /// <summary>The chunk's bytes; an error names the part as <paramref name="what"/> and the function (named only then: this runs on every task).</summary>
    private static Payload SerializeChunk<TItem>(TItem[] chunk, string what, PoolFunction function, bool readBack)
    {
        string Part() => $"{what} {function}";
        if (ProcessBound.Advice(chunk) is not null)
        {
            ProcessBound.Check(Part(), chunk);
        }

        byte[] bytes;
        try
        {
            bytes = ChunkCodec.Encode(chunk);
            if (readBack)
            {
                // Read back, so a type the worker would refuse (Hyperion's unsafe list) fails here, in the caller.
                ChunkCodec.Decode<TItem>(bytes);
            }
        }
        catch (Exception e)
        {
            throw new TransferException(Part(), TransferCodec.Refusal(typeof(TItem), e), e);
        }

        return Payload.Of(bytes);
    }

    private static Payload SerializeFunction(PoolFunction function)
    {
        try
        {
            var bytes = TransferCodec.Current.Serialize(function);
            TransferCodec.Current.Deserialize<PoolFunction>(bytes);
            return Payload.Of(bytes);
        }
        catch (Exception e)
        {
            throw new TransferException($"A value captured by {function}", e.Message, e);
        }
    }

    /// <summary>Hands the tasks to the router; if that fails (the pool closed meanwhile, or the function cannot be transferred), their payload files are removed.</summary>
    private void Send(PoolJob job, PoolFunction function, string? key, IReadOnlyList<Payload> chunks)
    {
        try
        {
            lock (_gate)
            {
                ThrowIfNotOpen();
                Payload? bytes = null;
                if (key is null || !_functionIds.TryGetValue(key, out var id))
                {
                    bytes = SerializeFunction(function);
                    id = _nextFunctionId++;
                    if (key is not null)
                    {
                        _functionIds[key] = id;
                    }
                }

                // Under the lock, so a Close() that follows cannot overtake the tasks on their way to the router,
                // and a router that stops meanwhile fails this job too (OnRouterGone).
                _router.Tell(new Submission(job, id, bytes, Shared: key is not null, chunks, _untaken.Sent(job)));
            }
        }
        catch
        {
            Discard(chunks);
            throw;
        }
    }

    private static void Discard(IEnumerable<Payload> chunks)
    {
        foreach (var chunk in chunks)
        {
            chunk.Discard();
        }
    }
}
