namespace Actors.Multiprocessing.Hosting.Tests;

/// <summary>The library's runtime is one per process: hosted systems that become it take turns.</summary>
public static class HostedFamily
{
    public const string Name = "hosted family";
}
