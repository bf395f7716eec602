using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// The library packed with <c>dotnet pack</c> into a local feed under a version unique to this run, once for
/// the specs that consume it as a user would; the feed, and the version in the package cache, go afterwards.
/// </summary>
public sealed class PackedLibrary : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("package-smoke-").FullName;

    public string Version { get; } = $"0.0.0-smoke.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";


    private string Feed => Path.Combine(_work, "feed");

    public async Task InitializeAsync()
    {
        await DotnetCommand.RunAsync(_work, "pack", Path.Combine(Repository.Root, "src/Actors.Multiprocessing/Actors.Multiprocessing.csproj"),
            "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(_work, "artifacts"), $"-p:MinVerVersionOverride={Version}");
        var package = Path.Combine(Feed, $"Actors.Multiprocessing.{Version}.nupkg");
        Assert.True(File.Exists(package), $"dotnet pack wrote no {package}");
    }

    /// <summary>
    /// A console app outside this repository (so no Directory.Build.props applies) made of tests/package-smoke's
    /// project and <paramref name="program"/>, restoring the package from the feed; returns its output.
    /// </summary>
    public async Task<string> RunConsumerAsync(string name, string program)
    {
        var consumer = Path.Combine(_work, name);
        Directory.CreateDirectory(consumer);
        File.Copy(Path.Combine(Repository.Root, "tests/package-smoke/PackageSmoke.csproj"), Path.Combine(consumer, "PackageSmoke.csproj"));
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), program);
        // The user's own sources stay (no <clear/>): the feed only adds this package.
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"),
            $"""<configuration><packageSources><add key="smoke" value="{Feed}" /></packageSources></configuration>""");
        return await DotnetCommand.RunAsync(consumer, "run", "-c", "Release", $"-p:SmokePackageVersion={Version}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        var cached = Path.Combine(PackagesFolder(), "actors.multiprocessing", Version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static string PackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
