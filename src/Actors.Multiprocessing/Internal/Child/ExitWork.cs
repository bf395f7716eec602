namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// What a process has to do at exit (<see cref="ExitRules"/>), marked by the part that gave it the work when
/// it first did: a child that used none of them exits without loading or compiling their exit code.
/// </summary>
[Flags]
internal enum ExitWork
{
    /// <summary>Only the signal handlers.</summary>
    None = 0,

    /// <summary>Items put on other processes' queues and pipes may still wait in a feeder.</summary>
    Feeders = 1,

    /// <summary>Children were started: daemons are terminated, the others joined.</summary>
    Children = 2,

    /// <summary>Segment owners were told that transfers arrived: the mail is flushed.</summary>
    Mail = 4,

    /// <summary>Segments were created here: their files are removed.</summary>
    Segments = 8,
}
