using Actors.Multiprocessing.Internal.Transfer;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>How a child's exception is printed: the user's frames, not how the library called them.</summary>
public sealed class ChildTracebackSpecs
{
    [Fact]
    public void Trim_leaves_out_the_library_and_reflection_frames_and_keeps_every_other_line()
    {
        var printed = string.Join('\n',
            "System.ArgumentException: bad input",
            " ---> System.IO.IOException: disk",
            "   at MyApp.Work.Deeper(String m) in /src/Work.cs:line 9",
            "   --- End of inner exception stack trace ---",
            "   at lambda_method87(Closure, Object[])",
            "   at System.Reflection.MethodBaseInvoker.InterpretedInvoke_Method(Object obj, IntPtr* args)",
            "   at System.RuntimeMethodHandle.InvokeMethod(Object target)",
            "   at Actors.Multiprocessing.Internal.Transfer.TargetCall.InvokeAsync()",
            "   at MyApp.Work.Run(String m) in /src/Work.cs:line 5",
            "   at Actors.Multiprocessing.Pool.Apply[T](Expression`1 call)");

        var trimmed = ChildTraceback.Trim(printed);

        Assert.Equal(
            string.Join('\n',
                "System.ArgumentException: bad input",
                " ---> System.IO.IOException: disk",
                "   at MyApp.Work.Deeper(String m) in /src/Work.cs:line 9",
                "   --- End of inner exception stack trace ---",
                "   at MyApp.Work.Run(String m) in /src/Work.cs:line 5",
                "   at Actors.Multiprocessing.Pool.Apply[T](Expression`1 call)"),
            trimmed);
    }
}
