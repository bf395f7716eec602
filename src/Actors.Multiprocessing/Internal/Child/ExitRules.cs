using System.Runtime.InteropServices;
using Actors.Multiprocessing.Internal.Channels;
using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// CPython's atexit rules: when a process exits normally, what it put on queues and pipes reaches them
/// first (the feeder threads are joined), then its daemon children are terminated and its other children
/// are joined, and last its shared-memory segments are removed. When it is ended by a signal (SIGTERM from
/// Terminate, SIGINT, SIGQUIT) it only removes its segments and does not wait for anyone (CPython runs no atexit then either): its children see their stdin close and end.
/// </summary>
internal static class ExitRules
{
    private static readonly object Gate = new();
    private static readonly List<PosixSignalRegistration> Signals = [];
    private static volatile bool _signalled;
    private static volatile bool _installed;
    private static volatile bool _exiting;
    private static int _work;

    /// <summary>Installs the exit and signal handlers once, and adds <paramref name="work"/> to what the exit does.</summary>
    public static void Install(ExitWork work = ExitWork.None)
    {
        if ((Volatile.Read(ref _work) & (int)work) != (int)work)
        {
            Interlocked.Or(ref _work, (int)work);
        }

        if (_installed)
        {
            return;
        }

        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            _installed = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => OnExit();
            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
            {
                Signals.Add(PosixSignalRegistration.Create(signal, _ => _signalled = true));
            }
        }
    }

    /// <summary>
    /// Whether this process has begun to exit: its children end now because it does (daemons get SIGTERM),
    /// which is neither news to log nor a loss for a pool to make good.
    /// </summary>
    public static bool Exiting => _exiting;

    private static void OnExit()
    {
        _exiting = true;
        var work = (ExitWork)Volatile.Read(ref _work);
        if (!_signalled)
        {
            if (work.HasFlag(ExitWork.Feeders))
            {
                Feeders.JoinAll(Runtime.CurrentSettings.ExitFlushTimeout);
            }

            if (work.HasFlag(ExitWork.Children))
            {
                Process.EndChildrenAtExit();
            }

            if (work.HasFlag(ExitWork.Mail))
            {
                OwnerMail.FlushAtExit(Runtime.CurrentSettings.ExitFlushTimeout);
            }
        }

        if (work.HasFlag(ExitWork.Segments))
        {
            Segment.RemoveCreated();
        }
    }
}
