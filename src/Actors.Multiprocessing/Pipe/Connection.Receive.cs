using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Channels;

namespace Actors.Multiprocessing;

public sealed partial class Connection<T>
{
    /// <summary>Receives the next object, waiting as long as it takes.</summary>
    /// <exception cref="EndOfStreamException">The other end was closed and everything it sent was received.</exception>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public T Recv() => RecvAsync().GetAwaiter().GetResult();

    /// <summary>Receives the next object, waiting until one comes or the token is cancelled.</summary>
    /// <exception cref="EndOfStreamException">The other end was closed and everything it sent was received.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing was received.</exception>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public async Task<T> RecvAsync(CancellationToken cancellationToken = default) =>
        ChannelClient.Unwrap<T>(await ReceiveAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Receives the next message as bytes; one longer than <paramref name="maxLength"/> makes the connection unusable.</summary>
    /// <exception cref="IOException">The message is longer than <paramref name="maxLength"/>; the connection is unusable from now on.</exception>
    /// <exception cref="EndOfStreamException">The other end was closed and everything it sent was received.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    public byte[] RecvBytes(int? maxLength = null)
    {
        if (maxLength is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(maxLength));
        }

        var message = ReceiveAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (message.Length > maxLength)
        {
            // As CPython: the message is consumed and the connection is no longer readable.
            _broken = true;
            throw new IOException($"Bad message length: {message.Length} bytes is over maxLength {maxLength}.");
        }

        return message;
    }

    /// <summary>Receives the next message into <paramref name="buffer"/> at <paramref name="offset"/>; returns its length.</summary>
    /// <exception cref="BufferTooShortException">The message does not fit; the exception carries it whole.</exception>
    /// <exception cref="EndOfStreamException">The other end was closed and everything it sent was received.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The offset falls outside the buffer.</exception>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public int RecvBytesInto(byte[] buffer, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length);
        var message = ReceiveAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (message.Length > buffer.Length - offset)
        {
            throw new BufferTooShortException(message, buffer.Length - offset);
        }

        message.CopyTo(buffer, offset);
        return message.Length;
    }

    /// <summary>Whether a message (or the end of the stream) can be received without waiting; returns at once.</summary>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public bool Poll() => Poll(TimeSpan.Zero);

    /// <summary>Waits at most <paramref name="timeout"/> (null: as long as it takes) until a message can be received.</summary>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public bool Poll(TimeSpan? timeout) => PollAsync(timeout).GetAwaiter().GetResult();

    /// <summary>Completes with whether a message can be received, within <paramref name="timeout"/> (null: no limit).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public async Task<bool> PollAsync(TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        var ready = await PeekAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (!ready)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return ready;
    }

    /// <summary>Whether a message can be received; false when the wait ended (timeout or token) first.</summary>
    internal async Task<bool> PeekAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var inbox = Inbox();
        var id = Guid.NewGuid();
        // CPython's rule: a negative timeout is zero, a poll that does not wait.
        timeout = Timeouts.Normalize(timeout);
        var block = timeout != TimeSpan.Zero;
        var answer = await inbox.CallAsync(id, new Peek(id, Environment.ProcessId, block), timeout, cancellationToken, abandoned: new Ready(false)).ConfigureAwait(false);
        return answer is Ready { IsReady: true };
    }

    private async Task<byte[]> ReceiveAsync(CancellationToken cancellationToken)
    {
        var inbox = Inbox();
        var id = Guid.NewGuid();
        var answer = await inbox.CallAsync(id, new Take(id, Environment.ProcessId, Block: true), timeout: null, cancellationToken, abandoned: new Empty()).ConfigureAwait(false);
        switch (answer)
        {
            case Item item:
                var bytes = inbox.Read(item.Payload);
                inbox.Confirm(id);
                return bytes;
            case EndOfChannel:
                throw new EndOfStreamException($"The other end of the {inbox.Description} was closed and everything it sent was received.");
            default:
                cancellationToken.ThrowIfCancellationRequested();
                throw new InvalidOperationException($"Unexpected answer {answer} from the {inbox.Description}.");
        }
    }
}
