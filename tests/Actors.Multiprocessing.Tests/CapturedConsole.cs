namespace Actors.Multiprocessing.Tests;

/// <summary>
/// Replaces Console.Out and Console.Error while alive. Children's output is forwarded into this process's
/// console, so a spec reads what its children printed here.
/// </summary>
public sealed class CapturedConsole : IDisposable
{
    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly StringWriter _capturedOut = new();
    private readonly StringWriter _capturedError = new();
    private readonly TextWriter _syncOut;
    private readonly TextWriter _syncError;

    public CapturedConsole()
    {
        _syncOut = TextWriter.Synchronized(_capturedOut);
        _syncError = TextWriter.Synchronized(_capturedError);
        Console.SetOut(_syncOut);
        Console.SetError(_syncError);
    }

    public string Out => Read(_syncOut, _capturedOut);

    public string Error => Read(_syncError, _capturedError);

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    private static string Read(TextWriter sync, StringWriter captured)
    {
        // A synchronized TextWriter locks on itself while writing.
        lock (sync)
        {
            return captured.ToString();
        }
    }
}
