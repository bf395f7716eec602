namespace Actors.Multiprocessing;

/// <summary>
/// How far a pool call of many tasks (Map, StarMap, Imap and their twins, a batch of ApplyAsync through
/// <see cref="AsyncResult.WhenAll{T}"/>) has got: items finished out of all items. Reports come one at a time,
/// in order, never on the caller's thread; the last, Done == Total, comes before the results are ready or the
/// iteration ends, and none comes once a Map has failed, a WhenAll was cancelled, or an Imap's reader was disposed.
/// </summary>
/// <param name="Done">The items finished so far, with or without an exception (a Map stops reporting at its first exception).</param>
/// <param name="Total">All the items of the call.</param>
public readonly record struct PoolProgress(int Done, int Total);
