using Actors.Multiprocessing.Internal.Channels;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing;

/// <summary>
/// One end of a <see cref="Pipe"/> (CPython's <c>Connection</c>): messages keep their boundaries and order.
/// An end can be passed to another process (as a Process argument or inside a message) and works there.
/// </summary>
/// <typeparam name="T">The type of the objects sent with Send and Recv.</typeparam>
public sealed partial class Connection<T> : IDisposable
{
    private readonly ChannelClient? _inbox;
    private readonly ChannelClient? _outbox;
    private bool _closed;
    private bool _broken;

    internal Connection(ChannelClient? inbox, ChannelClient? outbox)
    {
        _inbox = inbox;
        _outbox = outbox;
    }

    /// <summary>Whether this end can receive.</summary>
    public bool Readable => _inbox is not null;

    /// <summary>Whether this end can send.</summary>
    public bool Writable => _outbox is not null;

    /// <summary>Whether this end was closed.</summary>
    public bool Closed => _closed;

    /// <summary>Sends an object, transferred with Hyperion.</summary>
    /// <exception cref="TransferException">The object cannot be transferred; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">This is the reading end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="IOException">Broken pipe: the other end was closed (CPython's BrokenPipeError); nothing was sent.</exception>
    public void Send(T value)
    {
        var outbox = Outbox();
        Push(outbox, ItemCodec.Encode(value, "The object"));
    }

    /// <summary>Sends <paramref name="size"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> as one message.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset or size fall outside the buffer.</exception>
    /// <exception cref="InvalidOperationException">This is the reading end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="IOException">Broken pipe: the other end was closed (CPython's BrokenPipeError); nothing was sent.</exception>
    public void SendBytes(byte[] buffer, int offset = 0, int? size = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length);
        var length = size ?? buffer.Length - offset;
        ArgumentOutOfRangeException.ThrowIfNegative(length, nameof(size));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length - offset, nameof(size));
        Push(Outbox(), buffer.AsSpan(offset, length));
    }

    /// <summary>
    /// Closes this end, for everyone and both ways: the other end receives what was sent, then
    /// <see cref="EndOfStreamException"/>, and its Send throws a broken-pipe <see cref="IOException"/> (no
    /// other copy needs closing, unlike CPython; do not close a copy another process still uses).
    /// </summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _outbox?.CloseWriting();
        _inbox?.CloseReading();
        _outbox?.Release();
        _inbox?.Release();
    }

    /// <summary>Closes this end.</summary>
    public void Dispose() => Close();

    /// <summary>Lets go of this process's copy of the end, without closing it: for an end handed to another process for good.</summary>
    internal void Release()
    {
        _closed = true;
        _outbox?.Release();
        _inbox?.Release();
    }

    /// <summary>Describes the end, e.g. <c>Connection of Pipe&lt;Object&gt; of pid 42 (readable, writable)</c>.</summary>
    public override string ToString() =>
        $"Connection of {(_inbox ?? _outbox)!.Description} ({(Readable ? "readable" : "")}{(Readable && Writable ? ", " : "")}{(Writable ? "writable" : "")}{(_closed ? ", closed" : "")})";

    /// <summary>A send waits while the ring is full, as CPython's does while the OS pipe is (both ends sending only deadlocks there too).</summary>
    private static void Push(ChannelClient outbox, ReadOnlySpan<byte> message) =>
        outbox.PutAsync(message, backlog: false, block: true, timeout: null, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    private ChannelClient Outbox()
    {
        ThrowIfClosed();
        return _outbox ?? throw new InvalidOperationException("This is the reading end of a one-way pipe; it cannot send. Send on the other end, or create the pipe with duplex: true.");
    }

    private ChannelClient Inbox()
    {
        ThrowIfClosed();
        if (_broken)
        {
            throw new IOException("This connection is unusable: an earlier message was longer than RecvBytes' maxLength. Create a new Pipe, and pass RecvBytes a maxLength that fits the messages.");
        }

        return _inbox ?? throw new InvalidOperationException("This is the writing end of a one-way pipe; it cannot receive. Receive on the other end, or create the pipe with duplex: true.");
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ObjectDisposedException(ToString(), "This end of the pipe was closed; close an end only after its last Send and Recv.");
        }
    }
}
