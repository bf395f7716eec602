using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Runs the dotnet CLI as a user would, outside this test host's process family.</summary>
public static class DotnetCommand
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>Runs <c>dotnet</c> with the arguments to its end; its output, or a failed assertion that shows it.</summary>
    public static async Task<string> RunAsync(string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var os = System.Diagnostics.Process.Start(start)!;
        var stdout = os.StandardOutput.ReadToEndAsync();
        var stderr = os.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await os.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            os.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        Assert.True(os.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {os.ExitCode}:\n{output}");
        return output;
    }
}
