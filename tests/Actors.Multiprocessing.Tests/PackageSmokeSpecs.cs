using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// The library as a user gets it: packed to a local folder and restored from there by console apps outside
/// this repository, which start children, a queue and a pool.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class PackageSmokeSpecs(PackedLibrary package) : IClassFixture<PackedLibrary>
{
    [Fact]
    public async Task A_consumer_of_the_packed_package_runs_a_child_a_queue_and_a_pool()
    {
        var program = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "tests/package-smoke/Program.cs"));

        var output = await package.RunConsumerAsync("consumer", program);

        Assert.Contains("hello from the package's child", output);
        Assert.Contains("child exit 0, queue item 42, pool squares 1 4 9 16", output);
    }

    [Fact]
    public async Task The_readmes_first_program_compiles_as_written_and_prints_what_it_says()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"));
        var section = readme[readme.IndexOf("## A first program", StringComparison.Ordinal)..];
        var code = section[(section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length)..];
        code = code[..code.IndexOf("```", StringComparison.Ordinal)];

        var output = await package.RunConsumerAsync("first-program", code);

        Assert.Contains("0, 1, 4, 9, 16, 25, 36, 49, 64, 81", output);
        Assert.EndsWith("0", output.TrimEnd());
    }
}
