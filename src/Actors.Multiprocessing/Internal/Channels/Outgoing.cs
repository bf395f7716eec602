namespace Actors.Multiprocessing.Internal.Channels;

/// <summary>
/// An item waiting in this process to be written into a ring: its bytes, or the path of the file that holds
/// them; <see cref="Parked"/> when a bounded queue already counts it. A close of the sending end waits in
/// line the same way (<see cref="ClosesWriting"/>), so that it reaches the ring after the items sent before it.
/// </summary>
internal sealed record Outgoing(byte[]? Inline, string? Spilled, bool Parked)
{
    /// <summary>The close of a pipe's sending end, behind the items sent before it.</summary>
    public static readonly Outgoing CloseWriting = new(null, null, false) { ClosesWriting = true };

    public bool ClosesWriting { get; private init; }

    /// <summary>Removes the file of an item that will not be written.</summary>
    public void Discard()
    {
        if (Spilled is not null)
        {
            File.Delete(Spilled);
        }
    }
}
