using Actors.Multiprocessing.Internal.Pooling;
using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>The bytes of pool chunks: plain values skip Hyperion and come back as the same values, anything else still goes through it.</summary>
public sealed class ChunkCodecSpecs
{
    private static readonly object?[] EveryDirectKind = [null, 42, 42L, 4.2, true, TimeSpan.FromSeconds(3), "x", new byte[] { 1, 2 }];

    [Fact]
    public void Apply_argument_lists_of_plain_values_come_back_with_their_types()
    {
        object?[][] chunk = [EveryDirectKind, [], ["only"]];

        var back = ChunkCodec.Decode<object?[]>(ChunkCodec.Encode(chunk));

        Assert.Equal(chunk.Length, back.Length);
        Assert.Equal(EveryDirectKind.Select(v => v?.GetType()), back[0].Select(v => v?.GetType()));
        Assert.Equal(EveryDirectKind, back[0]);
        Assert.Empty(back[1]);
        Assert.Equal(["only"], back[2]);
    }

    [Fact]
    public void Results_of_plain_values_come_back_as_they_were()
    {
        string?[] strings = ["a", null, ""];
        object?[] boxed = [1, "two", null, 3.0];
        int?[] nullable = [1, null];

        Assert.Equal(strings, ChunkCodec.Decode<string?>(ChunkCodec.Encode(strings)));
        Assert.Equal(boxed, ChunkCodec.Decode<object?>(ChunkCodec.Encode(boxed)));
        Assert.Equal(nullable, ChunkCodec.Decode<int?>(ChunkCodec.Encode(nullable)));
    }

    [Fact]
    public void A_chunk_with_any_other_value_still_travels_through_Hyperion()
    {
        object?[][] chunk = [[1, new DateOnly(2026, 11, 27)], [decimal.One]];

        var back = ChunkCodec.Decode<object?[]>(ChunkCodec.Encode(chunk));

        Assert.Equal(new DateOnly(2026, 11, 27), back[0][1]);
        Assert.Equal(decimal.One, back[1][0]);
    }

    [Fact]
    public void Cut_or_padded_bytes_of_a_plain_chunk_are_refused()
    {
        var bytes = ChunkCodec.Encode<object?[]>([["abc", 7]]);

        Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode<object?[]>(bytes[..^2]));
        Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode<object?[]>([.. bytes, 0]));
        Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode<int>(bytes));
    }
}
