using System.Runtime.CompilerServices;
using Actors.Multiprocessing.Internal.SharedMemory;

namespace Actors.Multiprocessing;

/// <summary>
/// A fixed-length array in memory shared by processes (CPython's <c>multiprocessing.Array</c>; with
/// <c>withLock: false</c>, <c>RawArray</c>). Elements are read and written in shared memory.
/// </summary>
/// <typeparam name="T">Any unmanaged type.</typeparam>
public sealed unsafe class SharedArray<T> : IDisposable
    where T : unmanaged
{
    private readonly SharedSegment _segment;
    private readonly int _length;
    private readonly ProcessLock? _lock;

    /// <summary>Creates a zero-filled array of <paramref name="length"/> elements.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public SharedArray(int length, bool withLock = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        _segment = SharedSegment.Create(ProcessLock.Size + ((long)sizeof(T) * length), $"SharedArray<{typeof(T).Name}>");
        _lock = withLock ? new ProcessLock(_segment, 0) : null;
    }

    /// <summary>Creates an array holding a copy of <paramref name="initial"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> is null.</exception>
    /// <exception cref="SharedMemoryException">No file descriptor or no room in /dev/shm was left.</exception>
    public SharedArray(IReadOnlyCollection<T> initial, bool withLock = true)
        : this(initial?.Count ?? throw new ArgumentNullException(nameof(initial)), withLock)
    {
        var i = 0;
        foreach (var item in initial)
        {
            this[i++] = item;
        }
    }

    /// <summary>The number of elements.</summary>
    public int Length => _length;

    private T* Elements => (T*)(_segment.Pointer + ProcessLock.Size);

    /// <summary>The element at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    /// <exception cref="OwnerLostException">The process that created the array has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed in this process.</exception>
    public T this[int index]
    {
        get
        {
            // A Dispose on another thread meanwhile unmaps nothing under this call.
            using var use = _segment.Enter();
            return Unsafe.Read<T>(Element(index));
        }

        set
        {
            using var use = _segment.Enter();
            Unsafe.Write(Element(index), value);
        }
    }

    /// <summary>Copies the elements into a new array.</summary>
    /// <exception cref="OwnerLostException">The process that created the array has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed in this process.</exception>
    public T[] ToArray()
    {
        using var use = _segment.Enter();
        return new ReadOnlySpan<T>(Elements, _length).ToArray();
    }

    /// <summary>
    /// The array's lock itself (CPython's <c>get_lock()</c>), to Acquire and Release, or to hand to a
    /// <see cref="ProcessCondition"/>; any process that has the array shares it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The array was created with <c>withLock: false</c>.</exception>
    public ProcessLock Lock =>
        _lock ?? throw new InvalidOperationException("This array was created with withLock: false (CPython's RawArray) and has no lock; create it with a lock, or guard it with a ProcessLock of your own.");

    /// <summary>Acquires the array's lock; disposing the result releases it.</summary>
    /// <exception cref="InvalidOperationException">The array was created with <c>withLock: false</c>.</exception>
    /// <exception cref="OwnerLostException">The process that created the array has exited.</exception>
    /// <exception cref="OtherHostException">It reached this process from another host: shared memory works within one host.</exception>
    public ProcessLock.Held GetLock() => Lock.Hold();

    /// <summary>Frees this process's view of the array (its memory, once no process holds it); using it afterwards throws ObjectDisposedException.</summary>
    public void Dispose() => _segment.Dispose();

    private T* Element(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _length);
        return Elements + index;
    }
}
