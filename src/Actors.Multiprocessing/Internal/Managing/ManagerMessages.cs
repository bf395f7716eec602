using Actors.Multiprocessing.Internal.Pooling;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>Creates an object of the type, with these constructor arguments, in the manager; answers <see cref="ObjectCreated"/>.</summary>
internal sealed record CreateObject(string TypeName, object?[] Arguments) : IWireMessage;

internal sealed record ObjectCreated(long Id) : IWireMessage;

/// <summary>Calls the method on the object; answers <see cref="CallReturned"/> with the arguments as the call left them (out parameters).</summary>
internal sealed record CallObject(long Id, MethodRef Method, object?[] Arguments) : IWireMessage;

/// <summary>Reads every element of an enumerable object at one instant; answers <see cref="CallReturned"/> with an array.</summary>
internal sealed record SnapshotObject(long Id) : IWireMessage;

/// <summary>A dictionary's atomic read-modify-write: <paramref name="Update"/> of the present value, or the value to add.</summary>
internal sealed record UpdateEntry(long Id, object? Key, object? AddValue, PoolFunction Update) : IWireMessage;

internal sealed record CallReturned(object? Value, object?[] Arguments) : IWireMessage;

/// <summary>The call threw in the manager: rethrown as its own type in the caller.</summary>
internal sealed record CallFailed(RemoteError Error) : IWireMessage;

/// <summary>A client process's end of its link to the manager; answered with <see cref="LinkAttached"/> once the manager serves it.</summary>
internal sealed record AttachLink(Connection<byte[]> End) : IWireMessage;

internal sealed record LinkAttached : IWireMessage;

/// <summary>Names an object of the manager for processes that connect from outside the family; answers <see cref="ObjectCreated"/>.</summary>
internal sealed record RegisterObject(string Name, long Id) : IWireMessage;

/// <summary>Finds an object by the name it was registered under; answers <see cref="ObjectFound"/>.</summary>
internal sealed record LookupObject(string Name) : IWireMessage;

internal sealed record ObjectFound(long Id, string TypeName) : IWireMessage;
