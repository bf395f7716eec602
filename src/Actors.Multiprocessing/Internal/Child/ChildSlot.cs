using Actors.Multiprocessing.Internal.Os;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// Where a supervisor finds the OS process it owns. The facade attaches the child right after spawning it,
/// outside the supervisor's mailbox, because a stopping ActorSystem stops the supervisor before it reads
/// its mailbox: whichever comes second, attach or close, kills the child, so no child outlives its owner.
/// </summary>
internal sealed class ChildSlot
{
    private readonly object _gate = new();
    private ChildProcess? _child;
    private bool _closed;

    /// <summary>Attaches the child; false (and nothing attached) when the supervisor has already stopped.</summary>
    public bool TryAttach(ChildProcess child)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _child = child;
            return true;
        }
    }

    /// <summary>The supervisor stops: the child, if any, is killed with its process tree.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _child?.Signal(ProcessTree.SigKill);
        }
    }
}
