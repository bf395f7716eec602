using Xunit;
using OsCommand = System.Diagnostics.Process;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// The library as a user gets it: packed with <c>dotnet pack</c> to a local folder, restored from there by a
/// consumer app outside this repository (tests/package-smoke), which starts a child, a queue and a pool.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class PackageSmokeSpecs : IDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(10);
    private readonly string _work = Directory.CreateTempSubdirectory("package-smoke-").FullName;
    private readonly string _version = $"0.0.0-smoke.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    [Fact]
    public async Task A_consumer_of_the_packed_package_runs_a_child_a_queue_and_a_pool()
    {
        var repo = RepositoryRoot();
        var feed = Path.Combine(_work, "feed");
        await RunAsync("dotnet", _work, "pack", Path.Combine(repo, "src/Actors.Multiprocessing/Actors.Multiprocessing.csproj"),
            "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(_work, "artifacts"), $"-p:MinVerVersionOverride={_version}");
        var package = Path.Combine(feed, $"Actors.Multiprocessing.{_version}.nupkg");
        Assert.True(File.Exists(package), $"dotnet pack wrote no {package}");

        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repo, "tests/package-smoke")))
        {
            File.Copy(file, Path.Combine(consumer, Path.GetFileName(file)));
        }

        // The user's own sources stay (no <clear/>): the feed only adds this package.
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"),
            $"""<configuration><packageSources><add key="smoke" value="{feed}" /></packageSources></configuration>""");

        var output = await RunAsync("dotnet", consumer, "run", "-c", "Release", $"-p:SmokePackageVersion={_version}");

        Assert.Contains("hello from the package's child", output);
        Assert.Contains("child exit 0, queue item 42, pool squares 1 4 9 16", output);
    }

    public void Dispose()
    {
        Directory.Delete(_work, recursive: true);
        // The smoke's version is unique to this run: keep it out of the user's package cache.
        var cached = Path.Combine(PackagesFolder(), "actors.multiprocessing", _version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    private static string PackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Actors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Actors.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs a command to its end; its output, or a failed assertion that shows it.</summary>
    private static async Task<string> RunAsync(string command, string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The consumer is a user's app, not a child of this test host's family.
        start.Environment.Remove("DOTNET_STARTUP_HOOKS");
        using var os = OsCommand.Start(start)!;
        var stdout = os.StandardOutput.ReadToEndAsync();
        var stderr = os.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CommandLimit);
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
        Assert.True(os.ExitCode == 0, $"{command} {string.Join(' ', arguments)} exited with {os.ExitCode}:\n{output}");
        return output;
    }
}
