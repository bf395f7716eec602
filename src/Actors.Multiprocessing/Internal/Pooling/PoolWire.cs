using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// The bytes of the two messages every pool task crosses in, written field by field: a router's
/// <see cref="TaskBatch"/> and a worker's <see cref="Outcomes"/> (without errors; a batch that carries one goes
/// through Hyperion with the rest). They hold only numbers and payloads (bytes, or the path of a spilled file),
/// so no type is named and nothing is tracked per object, which Hyperion does for every record of a batch.
/// </summary>
internal static class PoolWire
{
    private const byte Batch = 1;
    private const byte Reported = 2;

    private const byte NoPayload = 0;
    private const byte Inline = 1;
    private const byte Spilled = 2;

    /// <summary>The message's bytes, starting with its kind (never 0), or null when it is not one written here.</summary>
    public static byte[]? TryWrite(object message)
    {
        if (message is not (TaskBatch or Outcomes) || message is Outcomes { Items: var items } && Array.Exists(items, item => item.Error is not null))
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            if (message is TaskBatch batch)
            {
                Write(writer, batch);
            }
            else
            {
                Write(writer, (Outcomes)message);
            }
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a message written by <see cref="TryWrite"/>.</exception>
    public static object Read(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        try
        {
            object message = reader.ReadByte() == Batch ? ReadBatch(reader) : ReadOutcomes(reader);
            return reader.BaseStream.Position == bytes.Length ? message : throw new InvalidDataException("Bytes follow the end of a pool message.");
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("A pool message ends early.", e);
        }
    }

    private static void Write(BinaryWriter writer, TaskBatch batch)
    {
        writer.Write(Batch);
        writer.Write(batch.Functions.Length);
        foreach (var function in batch.Functions)
        {
            writer.Write(function.Id);
            Write(writer, function.Bytes);
        }

        writer.Write(batch.Tasks.Length);
        foreach (var task in batch.Tasks)
        {
            writer.Write(task.Id);
            writer.Write(task.FunctionId);
            Write(writer, task.Items);
        }

        writer.Write(batch.Forget.Length);
        Array.ForEach(batch.Forget, writer.Write);
    }

    private static TaskBatch ReadBatch(BinaryReader reader)
    {
        var functions = new FunctionDef[Count(reader)];
        for (var i = 0; i < functions.Length; i++)
        {
            functions[i] = new FunctionDef(reader.ReadInt32(), ReadPayload(reader)!);
        }

        var tasks = new WorkItem[Count(reader)];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = new WorkItem(reader.ReadInt64(), reader.ReadInt32(), ReadPayload(reader)!);
        }

        var forget = new int[Count(reader)];
        for (var i = 0; i < forget.Length; i++)
        {
            forget[i] = reader.ReadInt32();
        }

        return new TaskBatch(functions, tasks, forget);
    }

    private static void Write(BinaryWriter writer, Outcomes outcomes)
    {
        writer.Write(Reported);
        writer.Write(outcomes.WorkerId);
        writer.Write(outcomes.Retiring);
        writer.Write(outcomes.Items.Length);
        foreach (var outcome in outcomes.Items)
        {
            writer.Write(outcome.Id);
            writer.Write(outcome.ElapsedTicks);
            Write(writer, outcome.Results);
        }
    }

    private static Outcomes ReadOutcomes(BinaryReader reader)
    {
        var worker = reader.ReadInt32();
        var retiring = reader.ReadBoolean();
        var items = new TaskOutcome[Count(reader)];
        for (var i = 0; i < items.Length; i++)
        {
            var id = reader.ReadInt64();
            var elapsed = reader.ReadInt64();
            items[i] = new TaskOutcome(id, ReadPayload(reader), Error: null, elapsed);
        }

        return new Outcomes(worker, items, retiring);
    }

    private static void Write(BinaryWriter writer, Payload? payload)
    {
        switch (payload)
        {
            case null:
                writer.Write(NoPayload);
                break;
            case { Inline: { } bytes }:
                writer.Write(Inline);
                writer.Write(bytes.Length);
                writer.Write(bytes);
                break;
            default:
                writer.Write(Spilled);
                writer.Write(payload.Path!);
                break;
        }
    }

    private static Payload? ReadPayload(BinaryReader reader) => reader.ReadByte() switch
    {
        NoPayload => null,
        // Count checked that the bytes are there.
        Inline => new Payload(reader.ReadBytes(Count(reader)), null),
        Spilled => new Payload(null, reader.ReadString()),
        var kind => throw new InvalidDataException($"A pool message holds a payload of unknown kind {kind}."),
    };

    /// <summary>A count or length, which must fit in what is left of the message.</summary>
    private static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new InvalidDataException($"A pool message gives a count of {count}, beyond its {reader.BaseStream.Length} bytes.");
    }
}
