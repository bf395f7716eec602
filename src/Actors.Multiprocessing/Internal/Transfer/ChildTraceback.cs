using System.Text;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// A child's exception as its user reads it: the printed form without the frames of the library's internals
/// and of reflection, which say how the target was called, not where it failed. With
/// <c>actors.multiprocessing.full-stack-traces = on</c> the frames stay.
/// </summary>
internal static class ChildTraceback
{
    private static readonly string[] HiddenFrames =
    [
        "   at Actors.Multiprocessing.Internal.",
        "   at System.Reflection.",
        "   at System.RuntimeMethodHandle.",
        "   at lambda_method",
    ];

    public static string Of(Exception e) => Runtime.CurrentSettings.FullStackTraces ? e.ToString() : Trim(e.ToString());

    /// <summary>Leaves out the hidden frames of a printed exception; every other line stays as it was.</summary>
    public static string Trim(string printed)
    {
        var kept = new StringBuilder(printed.Length);
        foreach (var line in printed.Split('\n'))
        {
            if (!HiddenFrames.Any(frame => line.StartsWith(frame, StringComparison.Ordinal)))
            {
                kept.Append(line).Append('\n');
            }
        }

        return kept.ToString().TrimEnd('\n');
    }
}
