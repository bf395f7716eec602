using Actors.Multiprocessing.Internal;
using Actors.Multiprocessing.Internal.Channels;
using Actors.Multiprocessing.Internal.Transfer;

namespace Actors.Multiprocessing;

public sealed partial class Connection<T>
{
    /// <summary>Receives the next object, waiting as long as it takes.</summary>
    /// <exception cref="EndOfStreamException">The other end was closed and everything it sent was received.</exception>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="TransferException">On another host than the pipe's: the next message is larger than a message between hosts carries (it stays in the pipe).</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public T Recv() => ReceiveAsync(ItemCodec.Decode<T>, CancellationToken.None, sync: true).GetAwaiter().GetResult();

    /// <summary>Receives the next object, waiting until one comes or the token is cancelled.</summary>
    /// <exception cref="EndOfStreamException">The other end was closed and everything it sent was received.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing was received.</exception>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="TransferException">On another host than the pipe's: the next message is larger than a message between hosts carries (it stays in the pipe).</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public Task<T> RecvAsync(CancellationToken cancellationToken = default) =>
        ReceiveAsync(ItemCodec.Decode<T>, cancellationToken, sync: false).AsTask();

    /// <summary>Receives the next message as bytes; one longer than <paramref name="maxLength"/> makes the connection unusable.</summary>
    /// <exception cref="IOException">The message is longer than <paramref name="maxLength"/>; the connection is unusable from now on.</exception>
    /// <exception cref="EndOfStreamException">The other end was closed and everything it sent was received.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">This is the writing end of a one-way pipe.</exception>
    /// <exception cref="ObjectDisposedException">This end was closed.</exception>
    /// <exception cref="OwnerLostException">The process that owns the pipe has exited.</exception>
    /// <exception cref="TransferException">On another host than the pipe's: the next message is larger than a message between hosts carries (it stays in the pipe).</exception>
    public byte[] RecvBytes(int? maxLength = null)
    {
        if (maxLength is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(maxLength));
        }

        var message = ReceiveAsync(bytes => bytes.ToArray(), CancellationToken.None, sync: true).GetAwaiter().GetResult();
        if (message.Length > maxLength)
        {
            // As CPython: the message is consumed and the connection is no longer readable.
            _broken = true;
            throw new IOException($"Bad message length: {message.Length} bytes is over maxLength {maxLength}. The message was dropped and this connection is unusable from now on; create a new Pipe, and pass a maxLength that fits the messages.");
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
    /// <exception cref="TransferException">On another host than the pipe's: the next message is larger than a message between hosts carries (it stays in the pipe).</exception>
    /// <exception cref="IOException">An earlier RecvBytes found a message over its maxLength; the connection is unusable.</exception>
    public int RecvBytesInto(byte[] buffer, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length);
        // Copied straight out of the ring; a message that does not fit is consumed and carried by the exception, as in CPython.
        return ReceiveAsync(
            bytes => bytes.TryCopyTo(buffer.AsSpan(offset)) ? bytes.Length : throw new BufferTooShortException(bytes.ToArray(), buffer.Length - offset),
            CancellationToken.None,
            sync: true).GetAwaiter().GetResult();
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
    public bool Poll(TimeSpan? timeout) => Inbox().PeekAsync(timeout, CancellationToken.None, sync: true).GetAwaiter().GetResult();

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
        try
        {
            return await inbox.PeekAsync(timeout, cancellationToken, sync: false).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async ValueTask<TResult> ReceiveAsync<TResult>(ItemReader<TResult> read, CancellationToken cancellationToken, bool sync)
    {
        var inbox = Inbox();
        var (outcome, value) = await inbox.TakeAsync(read, block: true, timeout: null, cancellationToken, sync).ConfigureAwait(false);
        return outcome == TakeOutcome.Item
            ? value!
            : throw new EndOfStreamException($"The other end of the {inbox.Description} was closed and everything it sent was received.");
    }
}
