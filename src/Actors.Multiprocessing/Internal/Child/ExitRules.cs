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

    public static void Install()
    {
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

    private static void OnExit()
    {
        if (!_signalled)
        {
            Feeders.JoinAll(Runtime.CurrentSettings.ExitFlushTimeout);
            Process.EndChildrenAtExit();
            OwnerMail.FlushAtExit(Runtime.CurrentSettings.ExitFlushTimeout);
        }

        Segment.RemoveCreated();
    }
}
