namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>A process's way to a manager: a request, and its answer (<see cref="ManagerLink"/> in the family, <see cref="RemoteLink"/> from outside it).</summary>
internal interface IManagerLink
{
    /// <exception cref="OwnerLostException">The manager is gone.</exception>
    object Request(object request);
}
