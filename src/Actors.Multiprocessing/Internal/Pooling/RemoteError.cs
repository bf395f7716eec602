using System.Reflection;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Pooling;

/// <summary>
/// An exception on its way from a pool worker to the parent: the exception itself as bytes when it can be
/// serialized, and always its type name, message and printed form, so the parent can rethrow the same type
/// with a <see cref="RemoteException"/> beneath it (CPython attaches a <c>RemoteTraceback</c> as the cause).
/// </summary>
internal sealed record RemoteError(string TypeName, string Message, string Traceback, byte[]? Exception)
{
    // Exception.InnerException has no setter; the runtime's field is the only way to put the remote
    // traceback beneath an exception that was built elsewhere.
    private static readonly FieldInfo InnerField =
        typeof(Exception).GetField("_innerException", BindingFlags.Instance | BindingFlags.NonPublic)!;

    public static RemoteError From(Exception e)
    {
        byte[]? bytes;
        try
        {
            bytes = TransferCodec.Current.Serialize(e);
        }
        catch (Exception)
        {
            bytes = null;
        }

        return new RemoteError(e.GetType().FullName ?? e.GetType().Name, e.Message, ChildTraceback.Of(e), bytes);
    }

    /// <summary>The exception to throw in the parent: the worker's own type where it can be read, else a <see cref="RemoteException"/>.</summary>
    public Exception ToException()
    {
        var remote = new RemoteException(TypeName, Message, Traceback);
        if (Exception is null)
        {
            return remote;
        }

        try
        {
            var local = TransferCodec.Current.Deserialize<Exception>(Exception);
            // As CPython's __cause__, the remote traceback replaces any inner exception; its text still shows that one.
            InnerField.SetValue(local, remote);
            return local;
        }
        catch (Exception)
        {
            return remote;
        }
    }
}
