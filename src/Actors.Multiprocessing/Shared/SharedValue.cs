using System.Runtime.CompilerServices;
using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>
/// A value in memory shared by processes (CPython's <c>multiprocessing.Value</c>; with <c>withLock: false</c>,
/// <c>RawValue</c>). Reads and writes go straight to shared memory; a child that receives the value as a
/// Process argument sees the same memory.
/// </summary>
/// <typeparam name="T">Any unmanaged type: int, long, double, bool, or a struct of such fields.</typeparam>
public sealed unsafe class SharedValue<T> : IDisposable
    where T : unmanaged
{
    private readonly SharedSegment _segment;
    private readonly ProcessLock? _lock;

    /// <summary>Creates the value with its initial content, and a lock unless <paramref name="withLock"/> is false.</summary>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public SharedValue(T initial = default, bool withLock = true)
    {
        _segment = SharedSegment.Create(ProcessLock.Size + sizeof(T), $"SharedValue<{typeof(T).Name}>");
        _lock = withLock ? new ProcessLock(_segment, 0) : null;
        Value = initial;
    }

    /// <summary>The value now. Reading and writing are not atomic together: use <see cref="Update"/> or <see cref="GetLock"/>.</summary>
    /// <exception cref="OwnerLostException">The process that created the value has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The value was disposed in this process.</exception>
    public T Value
    {
        get
        {
            // A Dispose on another thread meanwhile unmaps nothing under this call.
            using var use = _segment.Enter();
            return Unsafe.Read<T>(Address);
        }

        set
        {
            using var use = _segment.Enter();
            Unsafe.Write(Address, value);
        }
    }

    private byte* Address => _segment.Pointer + ProcessLock.Size;

    /// <summary>
    /// The value's lock itself (CPython's <c>get_lock()</c>), to Acquire and Release, or to hand to a
    /// <see cref="ProcessCondition"/>; any process that has the value shares it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The value was created with <c>withLock: false</c>.</exception>
    public ProcessLock Lock =>
        _lock ?? throw new InvalidOperationException("This value was created with withLock: false (CPython's RawValue) and has no lock; create it with a lock, or guard it with a ProcessLock of your own.");

    /// <summary>Acquires the value's lock; disposing the result releases it: <c>using (v.GetLock()) v.Value += 1;</c>.</summary>
    /// <exception cref="InvalidOperationException">The value was created with <c>withLock: false</c>.</exception>
    /// <exception cref="OwnerLostException">The process that created the value has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public ProcessLock.Held GetLock() => Lock.Hold();

    /// <summary>Replaces the value with <paramref name="update"/> of it, under the lock, and returns the new value.</summary>
    /// <exception cref="InvalidOperationException">The value was created with <c>withLock: false</c>.</exception>
    /// <exception cref="OwnerLostException">The process that created the value has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The value was disposed in this process.</exception>
    public T Update(Func<T, T> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        using (GetLock())
        {
            var next = update(Value);
            Value = next;
            return next;
        }
    }

    /// <summary>Frees this process's view of the value (its memory, once no process holds it); using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose() => _segment.Dispose();

    /// <summary>Describes the value, e.g. <c>SharedValue&lt;Int32&gt;(3)</c>.</summary>
    public override string ToString() => $"SharedValue<{typeof(T).Name}>({Value})";
}
