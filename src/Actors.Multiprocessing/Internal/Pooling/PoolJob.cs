using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// What the caller of a pool method waits on, told by the router as its tasks finish: one task for Apply,
/// one per chunk for Map and Imap. Called on the router's thread, one call at a time.
/// </summary>
internal abstract class PoolJob
{
    /// <summary>Task <paramref name="index"/> returned; <paramref name="results"/> is its serialized result array.</summary>
    /// <exception cref="Exception">The results cannot be read here; the router fails the task with it.</exception>
    public abstract void Complete(int index, byte[] results);

    /// <summary>Task <paramref name="index"/> failed, or was lost with its worker, or the pool was terminated.</summary>
    public abstract void Fail(int index, Exception error);

    /// <summary>
    /// The router stopped without taking this job (its submission was still in the mailbox): every task that
    /// has not finished fails with <paramref name="error"/>; nothing happens to a job that is done.
    /// Called on the pool's callback runner, once the router is gone.
    /// </summary>
    public abstract void Abort(Exception error);
}

/// <summary>
/// A job's tasks as the router takes them: the function they call (its bytes the first time; shared when
/// Apply calls of one method reuse it) and each chunk's serialized items. The router calls <see cref="Taken"/>
/// once it holds them (from then on it fails them itself if it stops).
/// </summary>
internal sealed record Submission(PoolJob Job, int FunctionId, Payload? FunctionBytes, bool Shared, IReadOnlyList<Payload> Chunks, Action Taken);
