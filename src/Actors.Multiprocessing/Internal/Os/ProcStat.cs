namespace Actors.Multiprocessing.Internal.Os;

/// <summary>The fields of Linux's /proc/&lt;pid&gt;/stat that the library reads.</summary>
internal readonly record struct ProcStat(char State, int ParentPid)
{
    /// <summary>Whether the process still runs: an exited but unreaped one (a zombie) does not.</summary>
    public bool IsRunning => State is not ('Z' or 'X');

    /// <summary>Reads the stat of <paramref name="pid"/>; null when the process is gone.</summary>
    public static ProcStat? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcStat(fields[0][0], int.Parse(fields[1]));
    }
}
