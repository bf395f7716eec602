using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// Serialized bytes on their way between processes of a family: pool tasks and results, queue items and pipe
/// messages. Small payloads ride inside the actor message; larger ones (<c>transfer.spill-size</c>) go through
/// a file in /dev/shm (0600) and only its path travels, because Akka.Remote moves bulk bytes at a few tens of
/// MB/s here while shared memory moves them at memory speed, and a file has no frame-size limit: an item of
/// any size fits. The file is named after the process that wrote it until a keeper (a queue's owner) takes it
/// over (<see cref="KeptBy"/>); whoever it is named after, the sweep of leftovers removes it once that process died.
/// </summary>
internal sealed record Payload(byte[]? Inline, string? Path)
{
    /// <summary>The size the payload adds to an actor message.</summary>
    public int MessageBytes => Inline?.Length ?? Path!.Length;

    /// <summary>Wraps <paramref name="bytes"/>, spilling them into a file named after this process when they are large.</summary>
    /// <exception cref="IOException">/dev/shm has no room for a large payload (the message says so).</exception>
    public static Payload Of(byte[] bytes)
    {
        if (bytes.Length < Runtime.CurrentSettings.SpillSize)
        {
            return new Payload(bytes, null);
        }

        var path = Segment.NewPath(Environment.ProcessId);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(bytes);
        }

        return new Payload(null, path);
    }

    /// <summary>
    /// The payload kept from now on by <paramref name="keeper"/>: a spilled file named after its writer is renamed
    /// after its keeper, so a writer killed before its payload arrived leaves a file the sweep of leftovers
    /// removes, and one that arrived lives as long as its keeper. Null when the file is gone (its writer died
    /// and it was swept).
    /// </summary>
    public Payload? KeptBy(int keeper)
    {
        if (Path is null || System.IO.Path.GetFileName(Path).StartsWith($"{Segment.Prefix}{keeper}-", StringComparison.Ordinal))
        {
            return this;
        }

        var kept = Segment.NewPath(keeper);
        try
        {
            File.Move(Path, kept);
            return new Payload(null, kept);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The bytes, leaving a spilled payload's file in place (a task's items are read again if it is retried).</summary>
    /// <exception cref="InvalidDataException">The file is gone: discarded already, or swept after its writer died.</exception>
    public byte[] Read()
    {
        if (Inline is not null)
        {
            return Inline;
        }

        try
        {
            return File.ReadAllBytes(Path!);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"The payload file {Path} is gone: {e.Message}", e);
        }
    }

    /// <summary>The bytes, removing a spilled payload's file: for payloads read once (results).</summary>
    /// <exception cref="InvalidDataException">The file is gone.</exception>
    public byte[] Take()
    {
        var bytes = Read();
        Discard();
        return bytes;
    }

    /// <summary>Removes the file of a payload that will not be taken; nothing for an inline one or one already taken.</summary>
    public void Discard()
    {
        if (Path is not null)
        {
            File.Delete(Path);
        }
    }
}
