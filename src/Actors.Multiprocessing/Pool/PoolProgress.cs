namespace Actors.Multiprocessing;

/// <summary>How far a Map or Imap has got: items finished out of all items.</summary>
/// <param name="Done">The items whose results have arrived.</param>
/// <param name="Total">All the items of the call.</param>
public readonly record struct PoolProgress(int Done, int Total);
