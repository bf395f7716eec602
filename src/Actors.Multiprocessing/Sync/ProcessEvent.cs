using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>A flag processes wait on (CPython's <c>multiprocessing.Event</c>), in shared memory.</summary>
public sealed unsafe class ProcessEvent : IDisposable
{
    private readonly SharedSegment _segment = SharedSegment.Create(8, nameof(ProcessEvent));

    /// <summary>Whether the flag is set.</summary>
    /// <exception cref="OwnerLostException">The process that created the event has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed in this process.</exception>
    public bool IsSet
    {
        get
        {
            // A Dispose on another thread meanwhile unmaps nothing under this call.
            using var use = _segment.Enter();
            return Volatile.Read(ref *Flag) != 0;
        }
    }

    private int* Flag => (int*)_segment.Pointer;

    /// <summary>Sets the flag and wakes every waiter.</summary>
    /// <exception cref="OwnerLostException">The process that created the event has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed in this process.</exception>
    public void Set()
    {
        using var use = _segment.Enter();
        // A full fence: the flag must be visible before the sleepers are counted.
        Interlocked.Exchange(ref *Flag, 1);
        SharedWait.Wake((nint)Flag, int.MaxValue);
    }

    /// <summary>Clears the flag.</summary>
    /// <exception cref="OwnerLostException">The process that created the event has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed in this process.</exception>
    public void Clear()
    {
        using var use = _segment.Enter();
        Volatile.Write(ref *Flag, 0);
    }

    /// <summary>Waits until the flag is set, as long as it takes.</summary>
    /// <exception cref="OwnerLostException">The process that created the event has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed in this process.</exception>
    public void Wait() => Wait(null);

    /// <summary>Waits at most <paramref name="timeout"/> (null: as long as it takes; zero or negative: not at all) until the flag is set.</summary>
    /// <returns>Whether the flag is set.</returns>
    /// <exception cref="OwnerLostException">The process that created the event has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed in this process.</exception>
    public bool Wait(TimeSpan? timeout) => SharedWait.Until(_segment, (nint)Flag, IsSetValue, timeout, CancellationToken.None);

    /// <summary>Waits until the flag is set without holding a thread while it waits.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="OwnerLostException">The process that created the event has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public Task WaitAsync(CancellationToken cancellationToken = default) => WaitAsync(null, cancellationToken);

    /// <summary>
    /// Waits at most <paramref name="timeout"/> (null: as long as it takes; zero or negative: not at all) until
    /// the flag is set, without holding a thread while it waits.
    /// </summary>
    /// <returns>Whether the flag is set.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="OwnerLostException">The process that created the event has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed in this process.</exception>
    public Task<bool> WaitAsync(TimeSpan? timeout, CancellationToken cancellationToken = default) =>
        SharedWait.UntilAsync(_segment, (nint)Flag, IsSetValue, timeout, cancellationToken);

    /// <summary>Frees this process's view of the event (its memory, once no process holds it); using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose() => _segment.Dispose();

    private static bool IsSetValue(int flag) => flag != 0;
}
