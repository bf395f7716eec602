namespace Actors.Multiprocessing.Internal;

/// <summary>How pools dispatch, batch and wait (<c>actors.multiprocessing.pool</c>).</summary>
internal sealed record PoolTuning(
    TimeSpan DispatchAhead,
    int MaxTasksAhead,
    TimeSpan PipelineBelow,
    TimeSpan StallAfter,
    int OutcomeBatch,
    TimeSpan OutcomeDelay,
    int BootFailureLimit,
    TimeSpan RouterTimeout);
