namespace Actors.Multiprocessing;

/// <summary>
/// A shared value, array, lock, event, condition, semaphore or barrier was used in a process on another host
/// than its memory's (it reached it as a pool task's argument, a Process argument or inside a queue item):
/// shared memory reaches only the processes of one host, and this one cannot map it. Share across hosts with a
/// <see cref="ProcessQueue{T}"/> or a <see cref="Pipe"/>, which work there through the process that created them,
/// or a remote <see cref="Manager"/> that the hosts connect to.
/// </summary>
public sealed class OtherHostException : MultiprocessingException
{
    /// <summary>Creates the exception naming both shared-memory domains.</summary>
    /// <param name="memoryDomain">The domain the memory lives in.</param>
    /// <param name="processDomain">The domain of the process that tried to use it.</param>
    /// <param name="message">What was used, and what to do instead.</param>
    public OtherHostException(string memoryDomain, string processDomain, string message)
        : base(message)
    {
        MemoryDomain = memoryDomain;
        ProcessDomain = processDomain;
    }

    /// <summary>The shared-memory domain (actors.multiprocessing.shared-memory.domain) the memory lives in.</summary>
    public string MemoryDomain { get; }

    /// <summary>The shared-memory domain of the process that tried to use it.</summary>
    public string ProcessDomain { get; }
}
