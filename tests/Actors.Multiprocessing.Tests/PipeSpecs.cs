using Xunit;

namespace Actors.Multiprocessing.Tests;

/// <summary>Pipe and Connection across real processes, with CPython's semantics.</summary>
[Collection(ProcessCollection.Name)]
public sealed class PipeSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_child_sends_through_a_pipe_and_closes_and_the_parent_then_gets_end_of_stream()
    {
        var (parent, child) = Pipe.Create<object?[]>();
        var p = new Process(() => QueueWork.SendHelloAndClose(child));

        p.Start();

        Assert.Equal(new object?[] { 42, null, "hello" }, parent.Recv());
        Assert.Throws<EndOfStreamException>(() => parent.Recv());
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public void A_duplex_pipe_echoes_through_a_child_in_order()
    {
        var (parent, child) = Pipe.Create<object>();
        var p = new Process(() => QueueWork.Echo(child, 50));
        p.Start();

        for (var i = 0; i < 50; i++)
        {
            parent.Send(i);
        }

        Assert.Equal(Enumerable.Range(0, 50).Cast<object>(), Enumerable.Range(0, 50).Select(_ => parent.Recv()));
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public void A_16_MiB_message_crosses_a_pipe_whole()
    {
        const int size = 16 * 1024 * 1024;
        var (reader, writer) = Pipe.Create<object>(duplex: false);
        var p = new Process(() => QueueWork.SendBytesOf(writer, size));
        p.Start();

        var message = reader.RecvBytes();

        var expected = new byte[size];
        new Random(size).NextBytes(expected);
        Assert.Equal(expected, message);
        Assert.Throws<EndOfStreamException>(() => reader.RecvBytes());
        Assert.True(p.Join(Generous));
    }

    [Fact]
    public void SendBytes_keeps_message_boundaries_and_honours_offset_and_size()
    {
        var (a, b) = Pipe.Create<object>();
        byte[] buffer = [1, 2, 3, 4, 5];

        a.SendBytes(buffer);
        a.SendBytes(buffer, 1);
        a.SendBytes(buffer, 1, 2);
        a.SendBytes(buffer, 5, 0);

        Assert.Equal(buffer, b.RecvBytes());
        Assert.Equal([2, 3, 4, 5], b.RecvBytes());
        Assert.Equal([2, 3], b.RecvBytes());
        Assert.Empty(b.RecvBytes());
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SendBytes(buffer, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SendBytes(buffer, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SendBytes(buffer, 2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SendBytes(buffer, 0, -1));
    }

    [Fact]
    public void RecvBytes_over_maxLength_throws_IOException_and_the_connection_is_unusable()
    {
        var (a, b) = Pipe.Create<object>();
        a.SendBytes(new byte[10]);
        a.SendBytes(new byte[1]);

        Assert.Throws<IOException>(() => b.RecvBytes(maxLength: 5));
        Assert.Throws<IOException>(() => b.RecvBytes());
    }

    [Fact]
    public void RecvBytesInto_writes_at_an_offset_and_a_short_buffer_gets_BufferTooShortException_with_the_message()
    {
        var (a, b) = Pipe.Create<object>();
        byte[] message = [7, 8, 9];
        a.SendBytes(message);
        a.SendBytes(message);
        var target = new byte[5];

        Assert.Equal(3, b.RecvBytesInto(target, 2));
        Assert.Equal([0, 0, 7, 8, 9], target);
        var e = Assert.Throws<BufferTooShortException>(() => b.RecvBytesInto(target, 3));
        Assert.Equal(message, e.MessageBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => b.RecvBytesInto(target, 6));
    }

    [Fact]
    public void Poll_returns_at_once_waits_with_a_timeout_and_sees_data()
    {
        var (a, b) = Pipe.Create<string>();

        Assert.False(b.Poll());
        Assert.False(b.Poll(TimeSpan.FromMilliseconds(100)));
        a.Send("x");
        Assert.True(b.Poll(null));
        Assert.True(b.Poll());
        Assert.Equal("x", b.Recv());
        a.Close();
        Assert.True(b.Poll(TimeSpan.FromSeconds(10)));
        Assert.Throws<EndOfStreamException>(() => b.Recv());
    }

    [Fact]
    public void The_wrong_end_of_a_one_way_pipe_throws_InvalidOperationException()
    {
        var (reader, writer) = Pipe.Create<int>(duplex: false);

        Assert.True(reader.Readable && !reader.Writable);
        Assert.True(writer.Writable && !writer.Readable);
        Assert.Throws<InvalidOperationException>(() => reader.Send(1));
        Assert.Throws<InvalidOperationException>(() => writer.Recv());
        Assert.Throws<InvalidOperationException>(() => writer.Poll());
    }

    [Fact]
    public void A_closed_end_throws_ObjectDisposedException()
    {
        var (a, _) = Pipe.Create<int>();

        a.Close();

        Assert.True(a.Closed);
        Assert.Throws<ObjectDisposedException>(() => a.Send(1));
        Assert.Throws<ObjectDisposedException>(() => a.Recv());
    }

    [Fact]
    public void An_object_that_cannot_be_transferred_fails_in_Send_and_the_pipe_stays_usable()
    {
        var (a, b) = Pipe.Create<object>();

        Assert.Throws<TransferException>(() => a.Send(new MemoryStream()));

        a.Send("still fine");
        Assert.Equal("still fine", b.Recv());
    }

    [Fact]
    public void Wait_returns_nothing_after_its_timeout_and_then_the_ready_connection()
    {
        var (a, b) = Pipe.Create<int>();
        var (c, d) = Pipe.Create<int>();

        Assert.Empty(Connection.Wait([b, d], TimeSpan.FromMilliseconds(200)));

        c.Send(1);
        var ready = Connection.Wait([b, d], Generous);

        Assert.Equal([d], ready);
        Assert.Equal(1, d.Recv());
        a.Send(2);
        Assert.Equal([b], Connection.Wait([b, d], null));
    }

    [Fact]
    public void Send_to_an_end_a_child_closed_throws_a_broken_pipe_IOException()
    {
        var (parent, childEnd) = Pipe.Create<int>();
        var p = new Process(() => QueueWork.CloseAndExit(childEnd));
        p.Start();
        Assert.True(p.Join(Generous));

        var e = Assert.Throws<IOException>(() => parent.Send(1));

        Assert.Contains("Broken pipe", e.Message);
        Assert.Throws<EndOfStreamException>(() => parent.Recv());
    }

    [Fact]
    public void A_child_sending_to_an_end_the_parent_closed_gets_a_broken_pipe_IOException()
    {
        var (parent, childEnd) = Pipe.Create<int>();
        var ready = new ProcessQueue<string>();
        var p = new Process(() => QueueWork.SendUntilBroken(childEnd, ready));
        p.Start();
        Assert.Equal("sent", ready.Get(Generous));

        parent.Close();

        Assert.True(p.Join(Generous));
        Assert.Equal(0, p.ExitCode);
    }
}
