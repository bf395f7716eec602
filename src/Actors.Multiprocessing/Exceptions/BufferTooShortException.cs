namespace Actors.Multiprocessing;

/// <summary>
/// The buffer given to <see cref="Connection{T}.RecvBytesInto(byte[], int)"/> cannot hold the message
/// (CPython's BufferTooShort). The message is not lost: it is in <see cref="MessageBytes"/>.
/// </summary>
public sealed class BufferTooShortException : MultiprocessingException
{
    /// <summary>Creates the exception carrying the whole message that did not fit.</summary>
    public BufferTooShortException(byte[] message, int room)
        : base($"The message has {message.Length} bytes but the buffer has room for {room}; the message is in the exception's MessageBytes.")
    {
        MessageBytes = message;
    }

    /// <summary>The message that did not fit, whole.</summary>
    public byte[] MessageBytes { get; }
}
