namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// Child hosts started ahead of need (<c>actors.multiprocessing.warm-hosts</c>, CPython's forkserver idea): each
/// has its prelude, so it has loaded the runtime and the library and warmed its deserializer while it
/// waited (its ActorSystem starts with the target, so a waiting host stays small and cheap). <see cref="Process.Start"/> hands its target to one, which runs it at once under its own real
/// pid, and a replacement starts in the background. A host inherits the environment and working directory of
/// the moment it was started. Hosts exit by themselves when this process exits (their stdin closes).
/// </summary>
internal static class WarmHosts
{
    private static readonly object Gate = new();
    private static readonly Queue<ChildProcess> Ready = new();
    private static Runtime? _owner;
    private static int _starting;

    /// <summary>
    /// Gives the bootstrap to a host ready for <paramref name="runtime"/>'s children and returns it, or null
    /// when none is (a host that died meanwhile is passed over); either way the hosts are topped up.
    /// </summary>
    public static ChildProcess? Assign(Runtime runtime, ChildBootstrap bootstrap)
    {
        ChildProcess? host;
        while ((host = Take(runtime)) is not null && !host.Assign(bootstrap))
        {
            host.Abandon();
        }

        return host;
    }

    private static ChildProcess? Take(Runtime runtime)
    {
        ChildProcess? host = null;
        lock (Gate)
        {
            if (_owner != runtime)
            {
                // A new runtime (a handed-in system, another certificate): the hosts prepared for the old one go.
                DropAll();
                _owner = runtime;
            }

            while (host is null && Ready.TryDequeue(out var candidate))
            {
                if (candidate.HasExited)
                {
                    candidate.Abandon();
                }
                else
                {
                    host = candidate;
                }
            }

            var missing = runtime.Settings.WarmHosts - Ready.Count - _starting;
            for (var i = 0; i < missing; i++)
            {
                _starting++;
                _ = Task.Run(() => StartOne(runtime));
            }
        }

        return host;
    }

    private static void StartOne(Runtime runtime)
    {
        ChildProcess? host = null;
        try
        {
            host = ChildProcess.Spawn(runtime);
        }
        finally
        {
            lock (Gate)
            {
                _starting--;
                if (host is not null && _owner == runtime)
                {
                    Ready.Enqueue(host);
                }
                else if (host is not null)
                {
                    host.Abandon();
                }
            }
        }
    }

    private static void DropAll()
    {
        while (Ready.TryDequeue(out var host))
        {
            host.Abandon();
        }
    }
}
