using System.Text;

namespace Actors.Multiprocessing.Internal.Child;

/// <summary>
/// Copies a child's stdout or stderr into this process's console, a whole line at a time, so that lines of
/// children printing at once never mix within a line (as with CPython's inherited descriptors). A partial
/// line (a prompt, a progress bar) goes out once nothing more comes for a moment.
/// </summary>
internal static class OutputForwarder
{
    /// <summary>Forwards until the child closes the stream; the writer is looked up for every write (Console.SetOut applies).</summary>
    public static async Task Forward(StreamReader from, Func<TextWriter> to, TimeSpan partialLineWait)
    {
        var buffer = new char[4096];
        var pending = new StringBuilder();
        var read = from.ReadAsync(buffer.AsMemory()).AsTask();
        while (true)
        {
            if (pending.Length > 0 && await Task.WhenAny(read, Task.Delay(partialLineWait)).ConfigureAwait(false) != read)
            {
                Write(to, pending.ToString());
                pending.Clear();
            }

            var count = await read.ConfigureAwait(false);
            if (count == 0)
            {
                break;
            }

            pending.Append(buffer, 0, count);
            var end = LastNewline(pending);
            if (end >= 0)
            {
                Write(to, pending.ToString(0, end + 1));
                pending.Remove(0, end + 1);
            }

            if (pending.Length >= buffer.Length)
            {
                // A line this long (or a progress bar that never pauses) goes out as it is.
                Write(to, pending.ToString());
                pending.Clear();
            }

            read = from.ReadAsync(buffer.AsMemory()).AsTask();
        }

        if (pending.Length > 0)
        {
            Write(to, pending.ToString());
        }
    }

    private static int LastNewline(StringBuilder text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static void Write(Func<TextWriter> to, string text)
    {
        try
        {
            var writer = to();
            writer.Write(text);
            writer.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The console is gone; keep draining so the child never blocks on a full pipe.
        }
    }
}
