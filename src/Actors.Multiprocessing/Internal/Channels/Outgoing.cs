namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// An item waiting in this process to be written into a ring: its bytes, or the path of the file that holds
/// them; <see cref="Parked"/> when a bounded queue already counts it.
/// </summary>
internal sealed record Outgoing(byte[]? Inline, string? Spilled, bool Parked)
{
    /// <summary>Removes the file of an item that will not be written.</summary>
    public void Discard()
    {
        if (Spilled is not null)
        {
            File.Delete(Spilled);
        }
    }
}
