using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Actors.Multiprocessing.Internal.Transfer;

/// <summary>
/// Types whose instances mean something only inside the process that made them (handles, threads, delegates,
/// streams). A serializer would copy their fields and produce a dead object in the child, so they are refused.
/// </summary>
internal static class ProcessBound
{
    private static readonly (Type Type, string Advice)[] Refused =
    [
        (typeof(Delegate), "a delegate points at code and captured state of this process; make it a target method instead"),
        (typeof(Task), "a task runs in this process; pass its result, or await it in the child"),
        (typeof(Thread), "a thread belongs to this process"),
        (typeof(Stream), "a stream wraps a handle of this process; pass the bytes or a path"),
        (typeof(WaitHandle), "an OS wait handle belongs to this process"),
        (typeof(SafeHandle), "an OS handle belongs to this process"),
        (typeof(CancellationTokenSource), "cancellation is local to this process"),
        (typeof(CancellationToken), "cancellation is local to this process"),
        (typeof(IntPtr), "a pointer is an address in this process"),
        (typeof(UIntPtr), "a pointer is an address in this process"),
        (typeof(System.Diagnostics.Process), "pass the pid instead"),
        (typeof(Process), "a Process handle is owned by the process that started it; pass the pid or name instead"),
        (typeof(Akka.Actor.ActorSystem), "an ActorSystem belongs to this process"),
    ];

    // Each type's answer, looked up once.
    private static readonly ConcurrentDictionary<Type, string?> Known = new();

    /// <exception cref="TransferException">The value is of a refused type.</exception>
    public static void Check(string part, object? value)
    {
        if (Advice(value) is { } advice)
        {
            throw new TransferException(part, $"{TypeNames.Describe(value!.GetType())} cannot live in another process ({advice}).");
        }
    }

    /// <summary>Why the value cannot cross, or null when it may; cheap enough to run on every pool task.</summary>
    public static string? Advice(object? value)
    {
        if (value is null)
        {
            return null;
        }

        return Known.GetOrAdd(value.GetType(), static type =>
        {
            var element = type.IsArray ? type.GetElementType()! : type;
            return Array.Find(Refused, refused => refused.Type.IsAssignableFrom(element)).Advice;
        });
    }
}
