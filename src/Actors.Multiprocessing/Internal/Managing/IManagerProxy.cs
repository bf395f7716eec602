namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>A proxy of a manager's object: a dict, list or namespace proxy, or a custom object's <see cref="ObjectProxy"/>.</summary>
internal interface IManagerProxy
{
    ManagedRef Object { get; }
}
