using Faas.Host.RuntimeApi;

namespace Faas.Sdk.Host.Tests.RuntimeApi;

public class RuntimeApiSocketTests
{
    [Fact]
    public void Connect_ListeningLoopback_SendsAndReceivesBothWays()
    {
        using var listener = RuntimeApiSocket.ListenOnLoopback(out var endPoint);
        using var client = RuntimeApiSocket.Connect(endPoint, TimeSpan.FromSeconds(10));
        using var server = listener.Accept();

        client.Send("ping"u8);
        var buffer = new byte[16];
        var received = server.Receive(buffer);
        server.Send("pong"u8);
        server.Dispose();

        Assert.Equal("ping"u8.ToArray(), buffer[..received]);
        Assert.Equal(4, client.Receive(buffer));
        Assert.Equal(0, client.Receive(buffer));
    }

    [Fact]
    public void Connect_NothingListening_ThrowsIOExceptionWithErrno()
    {
        RuntimeApiEndPoint endPoint;
        using (RuntimeApiSocket.ListenOnLoopback(out endPoint))
        {
            // Closed at once: the port is free and, for a moment, nobody else's.
        }

        var ex = Assert.Throws<IOException>(() => RuntimeApiSocket.Connect(endPoint, TimeSpan.FromSeconds(10)));

        Assert.Contains("connect to 127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("errno 111", ex.Message, StringComparison.Ordinal);
    }
}
