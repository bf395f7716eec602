namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// Serialized bytes on their way between processes of a family in actor messages: pool tasks and results
/// (queue items and pipe messages go through shared memory instead). Small payloads ride inside the message;
/// larger ones (<c>transfer.spill-size</c>) go through a file in /dev/shm (0600) and only its path travels,
/// because Akka.Remote moves bulk bytes at a few tens of MB/s here while shared memory moves them at memory
/// speed, and a file has no frame-size limit: an item of any size fits (<see cref="SpillFile"/>).
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

        var path = SpillFile.Write(bytes);
        return new Payload(null, path);
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
