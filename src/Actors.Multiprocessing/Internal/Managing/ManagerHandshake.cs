using System.Buffers.Binary;
using System.Security.Authentication;
using System.Security.Cryptography;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// How a process outside the family proves to a manager that it knows the authkey, and the manager proves it
/// back, before a byte of a request is read (CPython's deliver_challenge/answer_challenge, with HMAC-SHA256):
/// each side sends a random challenge and checks the other's HMAC of it. Then frames: a length, then bytes.
/// </summary>
internal static class ManagerHandshake
{
    /// <summary>
    /// The handshake (TLS and the key) must finish within this: a client and a server that disagree on TLS would
    /// otherwise each wait for the other's first bytes for ever.
    /// </summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private const int ChallengeSize = 32;
    private const int MaxFrame = 1 << 30;

    /// <summary>The manager's side; returns false (and the connection should close) when the client's key is wrong.</summary>
    public static bool Accept(Stream stream, byte[] key)
    {
        var challenge = RandomNumberGenerator.GetBytes(ChallengeSize);
        stream.Write(challenge);
        var answer = ReadExactly(stream, HMACSHA256.HashSizeInBytes);
        var accepted = CryptographicOperations.FixedTimeEquals(answer, HMACSHA256.HashData(key, challenge));
        stream.WriteByte(accepted ? (byte)1 : (byte)0);
        if (!accepted)
        {
            return false;
        }

        var theirs = ReadExactly(stream, ChallengeSize);
        stream.Write(HMACSHA256.HashData(key, theirs));
        Span<byte> pid = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(pid, Environment.ProcessId);
        stream.Write(pid);
        return true;
    }

    /// <summary>The client's side; returns the manager's pid.</summary>
    /// <exception cref="AuthenticationException">The manager refused the key, or could not prove that it knows it.</exception>
    public static int Connect(Stream stream, byte[] key, string address)
    {
        var challenge = ReadExactly(stream, ChallengeSize);
        stream.Write(HMACSHA256.HashData(key, challenge));
        if (ReadExactly(stream, 1)[0] != 1)
        {
            throw new AuthenticationException($"The manager at {address} refused the authkey; connect with the key it serves with.");
        }

        var mine = RandomNumberGenerator.GetBytes(ChallengeSize);
        stream.Write(mine);
        if (!CryptographicOperations.FixedTimeEquals(ReadExactly(stream, HMACSHA256.HashSizeInBytes), HMACSHA256.HashData(key, mine)))
        {
            throw new AuthenticationException($"The server at {address} does not know the authkey: it is not the manager you meant.");
        }

        return BinaryPrimitives.ReadInt32LittleEndian(ReadExactly(stream, 4));
    }

    public static void WriteFrame(Stream stream, byte[] frame)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, frame.Length);
        stream.Write(length);
        stream.Write(frame);
        stream.Flush();
    }

    /// <exception cref="EndOfStreamException">The other side closed the connection.</exception>
    /// <exception cref="InvalidDataException">The frame's length is out of range.</exception>
    public static byte[] ReadFrame(Stream stream)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(ReadExactly(stream, 4));
        return length is >= 0 and <= MaxFrame
            ? ReadExactly(stream, length)
            : throw new InvalidDataException($"A manager frame of {length} bytes is out of range.");
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
