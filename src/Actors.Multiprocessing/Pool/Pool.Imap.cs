using System.Linq.Expressions;

namespace Actors.Multiprocessing;

/// <summary>Imap, ImapUnordered and ImapAsync: results stream back while the workers go on.</summary>
public sealed partial class Pool
{
    /// <summary>Queues one call per item and yields the results in item order as they arrive (CPython's <c>imap</c>).</summary>
    /// <param name="func">One method call of the item, such as <c>x => Work.Square(x)</c>; other parts are evaluated here.</param>
    /// <param name="items">The items; read to the end here, before the first result.</param>
    /// <param name="chunkSize">Items per task.</param>
    /// <param name="progress">Told as chunks finish.</param>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 1.</exception>
    /// <exception cref="TransferException">The lambda is not one method call of its parameter, or an item cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    /// <remarks>
    /// A call's exception (or <see cref="WorkerLostException"/>) is thrown by MoveNext where its result would be;
    /// calling MoveNext again goes on with the next result, as CPython's imap iterator does. The results can be read once.
    /// </remarks>
    public IEnumerable<TResult> Imap<T, TResult>(
        Expression<Func<T, TResult>> func, IEnumerable<T> items, int chunkSize = 1, IProgress<PoolProgress>? progress = null) =>
        SubmitStream<T, TResult>(func, items, chunkSize, progress).Read(ordered: true);

    /// <summary>Queues one call per item and yields the results as they finish, in any order (CPython's <c>imap_unordered</c>).</summary>
    /// <param name="func">One method call of the item, such as <c>x => Work.Square(x)</c>; other parts are evaluated here.</param>
    /// <param name="items">The items; read to the end here, before the first result.</param>
    /// <param name="chunkSize">Items per task.</param>
    /// <param name="progress">Told as chunks finish.</param>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 1.</exception>
    /// <exception cref="TransferException">The lambda is not one method call of its parameter, or an item cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    public IEnumerable<TResult> ImapUnordered<T, TResult>(
        Expression<Func<T, TResult>> func, IEnumerable<T> items, int chunkSize = 1, IProgress<PoolProgress>? progress = null) =>
        SubmitStream<T, TResult>(func, items, chunkSize, progress).Read(ordered: false);

    /// <summary>Imap for <c>await foreach</c>: the results in item order as they arrive.</summary>
    /// <param name="func">One method call of the item, such as <c>x => Work.Square(x)</c>; other parts are evaluated here.</param>
    /// <param name="items">The items; read to the end here, before the first result.</param>
    /// <param name="chunkSize">Items per task.</param>
    /// <param name="progress">Told as chunks finish.</param>
    /// <param name="cancellationToken">Stops the enumeration (the queued tasks still run).</param>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> or <paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 1.</exception>
    /// <exception cref="TransferException">The lambda is not one method call of its parameter, or an item cannot be transferred.</exception>
    /// <exception cref="InvalidOperationException">The pool was closed or terminated.</exception>
    public IAsyncEnumerable<TResult> ImapAsync<T, TResult>(
        Expression<Func<T, TResult>> func,
        IEnumerable<T> items,
        int chunkSize = 1,
        IProgress<PoolProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        SubmitStream<T, TResult>(func, items, chunkSize, progress).ReadAsync(ordered: true, cancellationToken);
}
