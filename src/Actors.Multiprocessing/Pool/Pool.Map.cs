using System.Linq.Expressions;
using Actors.Multiprocessing.Internal.Pooling;

namespace Actors.Multiprocessing;

/// <summary>Map and StarMap: one call per item, the results in item order.</summary>
public sealed partial class Pool
{
    /// <summary>Calls <paramref name="func"/> for every item in the workers and returns the results in item order (CPython's <c>map</c>).</summary>
    /// <param name="func">One method call of the item, such as <c>x => Work.Square(x)</c>; other parts are evaluated here.</param>
    /// <param name="items">The items; read to the end here.</param>
    /// <param name="chunkSize">Items per task; null for CPython's rule, about four tasks per worker.</param>
    /// <param name="progress">Told as chunks finish.</param>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 1.</exception>
    /// <exception cref="TransferException">The lambda is not one method call of its parameter, or an item cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    /// <exception cref="WorkerLostException">A worker died while it held some of the items.</exception>
    /// <exception cref="Exception">The first exception of a call, rethrown with a <see cref="RemoteException"/> inside.</exception>
    public IReadOnlyList<TResult> Map<T, TResult>(
        Expression<Func<T, TResult>> func, IEnumerable<T> items, int? chunkSize = null, IProgress<PoolProgress>? progress = null) =>
        MapAsync(func, items, chunkSize, progress).Get();

    /// <summary>Queues a Map and returns at once (CPython's <c>map_async</c>).</summary>
    /// <param name="func">One method call of the item, such as <c>x => Work.Square(x)</c>; other parts are evaluated here.</param>
    /// <param name="items">The items; read to the end here.</param>
    /// <param name="chunkSize">Items per task; null for CPython's rule, about four tasks per worker.</param>
    /// <param name="progress">Told as chunks finish.</param>
    /// <param name="callback">Runs with the results before they are ready.</param>
    /// <param name="errorCallback">Runs with the first exception instead, when a call fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 1.</exception>
    /// <exception cref="TransferException">The lambda is not one method call of its parameter, or an item cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    public AsyncResult<IReadOnlyList<TResult>> MapAsync<T, TResult>(
        Expression<Func<T, TResult>> func,
        IEnumerable<T> items,
        int? chunkSize = null,
        IProgress<PoolProgress>? progress = null,
        Action<IReadOnlyList<TResult>>? callback = null,
        Action<Exception>? errorCallback = null) =>
        SubmitMap(func, ItemShape.Whole, items, chunkSize, progress, callback, errorCallback);

    /// <summary>Calls <paramref name="func"/> with the fields of every pair and returns the results in order (CPython's <c>starmap</c>).</summary>
    /// <param name="func">One method call of the two parameters, such as <c>(a, b) => Work.Add(a, b)</c>.</param>
    /// <param name="items">The argument pairs; read to the end here.</param>
    /// <param name="chunkSize">Items per task; null for CPython's rule, about four tasks per worker.</param>
    /// <param name="progress">Told as chunks finish.</param>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 1.</exception>
    /// <exception cref="TransferException">The lambda is not one method call of its parameters, or an item cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    /// <exception cref="WorkerLostException">A worker died while it held some of the items.</exception>
    /// <exception cref="Exception">The first exception of a call, rethrown with a <see cref="RemoteException"/> inside.</exception>
    public IReadOnlyList<TResult> StarMap<T1, T2, TResult>(
        Expression<Func<T1, T2, TResult>> func, IEnumerable<(T1, T2)> items, int? chunkSize = null, IProgress<PoolProgress>? progress = null) =>
        StarMapAsync(func, items, chunkSize, progress).Get();

    /// <summary>Queues a StarMap and returns at once (CPython's <c>starmap_async</c>).</summary>
    /// <param name="func">One method call of the two parameters, such as <c>(a, b) => Work.Add(a, b)</c>.</param>
    /// <param name="items">The argument pairs; read to the end here.</param>
    /// <param name="chunkSize">Items per task; null for CPython's rule, about four tasks per worker.</param>
    /// <param name="progress">Told as chunks finish.</param>
    /// <param name="callback">Runs with the results before they are ready.</param>
    /// <param name="errorCallback">Runs with the first exception instead, when a call fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 1.</exception>
    /// <exception cref="TransferException">The lambda is not one method call of its parameters, or an item cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    public AsyncResult<IReadOnlyList<TResult>> StarMapAsync<T1, T2, TResult>(
        Expression<Func<T1, T2, TResult>> func,
        IEnumerable<(T1, T2)> items,
        int? chunkSize = null,
        IProgress<PoolProgress>? progress = null,
        Action<IReadOnlyList<TResult>>? callback = null,
        Action<Exception>? errorCallback = null) =>
        SubmitMap(func, ItemShape.TupleFields, items, chunkSize, progress, callback, errorCallback);
}
