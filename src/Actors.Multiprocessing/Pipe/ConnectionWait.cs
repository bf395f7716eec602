namespace Actors.Multiprocessing;

/// <summary>Waits on several pipe ends at once (CPython's <c>multiprocessing.connection.wait</c>).</summary>
public static class Connection
{
    /// <summary>
    /// Waits at most <paramref name="timeout"/> (null: as long as it takes) until at least one connection can
    /// receive; returns those that can, or an empty list when the timeout elapsed first.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="connections"/> is null.</exception>
    /// <exception cref="OwnerLostException">The process that owns one of the pipes has exited.</exception>
    public static IReadOnlyList<Connection<T>> Wait<T>(IEnumerable<Connection<T>> connections, TimeSpan? timeout = null) =>
        WaitAsync(connections, timeout).GetAwaiter().GetResult();

    /// <summary>Completes with the connections that can receive, or an empty list when the timeout elapsed first.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="connections"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="OwnerLostException">The process that owns one of the pipes has exited.</exception>
    public static async Task<IReadOnlyList<Connection<T>>> WaitAsync<T>(
        IEnumerable<Connection<T>> connections, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var list = connections.ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var polls = list.Select(c => c.PeekAsync(timeout, stop.Token)).ToList();
        var pending = new List<Task<bool>>(polls);
        try
        {
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(done);
                if (await done.ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        finally
        {
            // Withdraw the polls still waiting; each still answers once, ready or not.
            await stop.CancelAsync().ConfigureAwait(false);
        }

        var ready = await Task.WhenAll(polls).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return list.Where((_, i) => ready[i]).ToList();
    }
}
