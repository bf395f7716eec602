using Actors.Multiprocessing.Internal.Os;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// In a child: blocks on the stdin pipe its parent holds open. End of file means the parent is gone (even
/// SIGKILL closes the pipe at once), and the child then ends its own process tree and itself, so that no
/// orphan keeps running (CPython gh-80180). Faster and surer than remote DeathWatch for a local parent.
/// </summary>
internal static class ParentWatch
{
    private static readonly TaskCompletionSource Gone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the parent has gone.</summary>
    public static Task ParentGone => Gone.Task;

    public static void Start(Stream control)
    {
        var thread = new Thread(() => Watch(control)) { IsBackground = true, Name = "parent-watch" };
        thread.Start();
    }

    private static void Watch(Stream control)
    {
        var buffer = new byte[64];
        try
        {
            while (control.Read(buffer) > 0)
            {
                // The parent writes nothing after the bootstrap; anything else is ignored.
            }
        }
        catch (IOException)
        {
        }

        Gone.TrySetResult();
        ProcessTree.SignalDescendants(Environment.ProcessId, ProcessTree.SigKill);
        ProcessTree.SignalSelf(ProcessTree.SigKill);
    }
}
