using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>
/// Specs that start real child processes share one collection, so they run one after another on this
/// 2-core machine instead of competing with each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "child processes";
}
