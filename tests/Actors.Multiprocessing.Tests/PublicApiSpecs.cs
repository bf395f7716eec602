using PublicApiGenerator;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The public API is a snapshot: a change to it must also change PublicApi.approved.txt.</summary>
public sealed class PublicApiSpecs
{
    [Fact]
    public void The_public_api_matches_the_approved_snapshot()
    {
        var api = typeof(Process).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });
        var approvedPath = Path.Combine(AppContext.BaseDirectory, "PublicApi.approved.txt");

        var approved = File.ReadAllText(approvedPath);

        if (Normalize(approved) != Normalize(api))
        {
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "PublicApi.received.txt"), api);
        }

        Assert.Equal(Normalize(approved), Normalize(api));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Trim();
}
