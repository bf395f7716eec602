using System.Collections.Concurrent;
using Actors.Multiprocessing.Internal.Os;
using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;
using Akka.Actor;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// A client process's way to a manager on its host: a duplex pipe (a shared-memory ring each way) that this
/// process creates and whose other end the manager serves on a thread of its own, so a call is a request and
/// an answer through memory, not an actor round trip. One call at a time per process and manager; a waiting
/// call looks every <c>pid-watch-interval</c> whether the manager still runs, and fails with
/// <see cref="OwnerLostException"/> once it does not.
/// </summary>
internal sealed class ManagerLink : IManagerLink
{
    // Constants: how long an attach request may go unanswered before it is sent again (a served one takes
    // milliseconds), and before the manager counts as stuck.
    private static readonly TimeSpan AttachRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AttachPatience = TimeSpan.FromMinutes(1);

    private static readonly ConcurrentDictionary<string, Lazy<ManagerLink>> Links = new();
    private readonly object _gate = new();

    // The methods this link has named to the manager, by the index its later calls carry (ManagerWire).
    private readonly Dictionary<MethodRef, int> _named = [];
    private readonly Connection<byte[]> _end;
    private readonly string _managerPath;
    private readonly int _managerPid;

    // Kept: PidWatch forgets a pid once it reported its exit, and a second Exited(pid) would wait anew.
    private readonly Task _managerExited;

    private ManagerLink(Connection<byte[]> end, string managerPath, int managerPid, Task managerExited)
    {
        _end = end;
        _managerPath = managerPath;
        _managerPid = managerPid;
        _managerExited = managerExited;
    }

    /// <summary>This process's link to the manager, attached on first use.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    /// <exception cref="TimeoutException">The manager runs but did not attach the link (see <see cref="Attach"/>).</exception>
    public static ManagerLink Of(string managerPath, int managerPid)
    {
        var link = Links.GetOrAdd(managerPath, path => new Lazy<ManagerLink>(() => Attach(path, managerPid)));
        try
        {
            return link.Value;
        }
        catch
        {
            // Not kept (a Lazy would throw it again forever): the next call attaches anew.
            Links.TryRemove(new KeyValuePair<string, Lazy<ManagerLink>>(managerPath, link));
            throw;
        }
    }

    /// <summary>Closes this process's link to a manager that was shut down, so its rings leave /dev/shm now.</summary>
    public static void Retire(string managerPath)
    {
        if (Links.TryRemove(managerPath, out var link) && link.IsValueCreated)
        {
            lock (link.Value._gate)
            {
                link.Value._end.Close();
            }
        }
    }

    public static OwnerLostException Lost(int managerPid) =>
        new(managerPid,
            $"The manager process, pid {managerPid}, has exited (Shutdown, Dispose or a crash): its objects are gone. " +
            "Keep the Manager open while its proxies are used, or create a new one.");

    /// <summary>Sends the request and waits for its answer.</summary>
    /// <exception cref="OwnerLostException">The manager process has exited.</exception>
    public object Request(object request)
    {
        lock (_gate)
        {
            ThrowIfManagerExited();
            _end.SendBytes(ManagerWire.WriteRequest(request, _named));
            while (!_end.Poll(Runtime.CurrentSettings.PidWatchInterval))
            {
                ThrowIfManagerExited();
            }

            return ManagerWire.ReadAnswer(_end.RecvBytes());
        }
    }

    /// <summary>In the manager: answers the requests that come through <paramref name="end"/> until its client is gone.</summary>
    public static void Serve(Connection<byte[]> end, ManagedObjects objects) =>
        new Thread(() => ServeUntilGone(end, objects)) { IsBackground = true, Name = "manager link" }.Start();

    private static void ServeUntilGone(Connection<byte[]> end, ManagedObjects objects)
    {
        var methods = new List<MethodRef>();
        try
        {
            while (true)
            {
                object answer;
                try
                {
                    answer = objects.Handle(ManagerWire.ReadRequest(end.RecvBytes(), methods));
                }
                catch (TransferException e)
                {
                    // A request this process cannot read: its caller gets that, not silence.
                    answer = new CallFailed(RemoteError.From(e));
                }

                byte[] bytes;
                try
                {
                    bytes = ManagerWire.WriteAnswer(answer);
                }
                catch (TransferException e)
                {
                    // The call's result cannot travel: the caller gets that, not silence.
                    bytes = ManagerWire.WriteAnswer(new CallFailed(RemoteError.From(e)));
                }

                end.SendBytes(bytes);
            }
        }
        catch (Exception e) when (e is OwnerLostException or EndOfStreamException or IOException or ObjectDisposedException)
        {
            // The client process exited or closed its link.
        }
        finally
        {
            end.Close();
        }
    }

    /// <summary>
    /// Asks the manager to serve a new pipe, again every <see cref="AttachRetry"/> without an answer (a message
    /// between processes may be lost: Akka.Remote delivers at most once); the first pipe it serves is the link,
    /// and the others are closed (the manager's threads for them end).
    /// </summary>
    /// <exception cref="OwnerLostException">The manager process exited first.</exception>
    /// <exception cref="TimeoutException">The manager runs but attached no link within <see cref="AttachPatience"/>.</exception>
    private static ManagerLink Attach(string managerPath, int managerPid)
    {
        var manager = Runtime.Current.System.Provider.ResolveActorRef(managerPath);
        var exited = PidWatch.Exited(managerPid);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var attempts = new List<(Connection<byte[]> Mine, Connection<byte[]> Theirs, Task<LinkAttached> Attached)>();
        (Connection<byte[]> Mine, Connection<byte[]> Theirs, Task<LinkAttached> Attached)? won = null;
        try
        {
            while (won is null)
            {
                if (exited.IsCompleted)
                {
                    throw Lost(managerPid);
                }

                if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > AttachPatience)
                {
                    throw new TimeoutException(
                        $"The manager process, pid {managerPid}, runs but did not attach this process's link within {Timeouts.Describe(AttachPatience)} " +
                        $"({attempts.Count} requests to {managerPath}); it may be stuck in a call of its own.");
                }

                var (mine, theirs) = Pipe.Create<byte[]>(duplex: true);
                attempts.Add((mine, theirs, manager.Ask<LinkAttached>(new AttachLink(theirs), AttachPatience)));
                Task.WaitAny([.. attempts.Select(attempt => (Task)attempt.Attached), exited], AttachRetry);
                var served = attempts.FindIndex(attempt => attempt.Attached.IsCompletedSuccessfully);
                won = served >= 0 ? attempts[served] : null;
                // A refusal the manager sent back ends the attach (a request lost in transit only times out).
                if (attempts.FindIndex(attempt => attempt.Attached.IsFaulted && attempt.Attached.Exception!.InnerException is not AskTimeoutException) is var refused and >= 0)
                {
                    attempts[refused].Attached.GetAwaiter().GetResult();
                }
            }

            // Released, not closed (closing an end closes it for every process): the manager holds its own copy.
            won.Value.Theirs.Release();
            return new ManagerLink(won.Value.Mine, managerPath, managerPid, exited);
        }
        finally
        {
            foreach (var attempt in attempts.Where(attempt => attempt != won))
            {
                attempt.Theirs.Release();
                attempt.Mine.Close();
            }
        }
    }

    private void ThrowIfManagerExited()
    {
        if (_managerExited.IsCompleted)
        {
            // The pipe goes with the manager: its rings leave /dev/shm, and a new link would fail the same way.
            Links.TryRemove(_managerPath, out _);
            _end.Close();
            throw Lost(_managerPid);
        }
    }
}
