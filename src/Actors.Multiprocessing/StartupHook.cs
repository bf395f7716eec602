using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Child;

/// <summary>
/// The entry of a child process. A child is the parent's own app started with DOTNET_STARTUP_HOOKS naming
/// this library (see <see cref="ChildCommand"/>); the runtime calls <see cref="Initialize"/> before Main, and
/// in a child it never returns. In any other process it returns at once.
/// </summary>
internal static class StartupHook
{
    /// <summary>Called by the runtime before the app's Main.</summary>
    public static void Initialize()
    {
        if (ChildHost.IsChildLaunch)
        {
            ChildHost.Run();
        }
    }
}
