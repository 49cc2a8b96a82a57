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

    [Fact]
    public void ConnectUnix_ListeningSocket_SendsAndReceivesBothWays()
    {
        var endPoint = RuntimeApiUnixEndPoint.Parse(TempSocketPath());
        try
        {
            using var listener = RuntimeApiSocket.Listen(endPoint);
            using var client = RuntimeApiSocket.Connect(endPoint, TimeSpan.FromSeconds(10));
            using var server = listener.Accept();

            client.Send("ping"u8);
            var buffer = new byte[16];
            var received = server.Receive(buffer);
            server.Send("pong"u8);
            server.Dispose();

            Assert.Equal("ping"u8.ToArray(), buffer[..received]);
            Assert.Equal(4, client.Receive(buffer));
            Assert.Equal("pong"u8.ToArray(), buffer[..4]);
            Assert.Equal(0, client.Receive(buffer));
        }
        finally
        {
            File.Delete(endPoint.Path);
        }
    }

    [Fact]
    public void ConnectUnix_PathOfTheMaximumLength_Connects()
    {
        var path = "/tmp/faas-" + Guid.NewGuid().ToString("N");
        path += new string('x', RuntimeApiUnixEndPoint.MaxPathBytes - path.Length);
        var endPoint = RuntimeApiUnixEndPoint.Parse(path);
        try
        {
            using var listener = RuntimeApiSocket.Listen(endPoint);
            using var client = RuntimeApiSocket.Connect(endPoint, TimeSpan.FromSeconds(10));
            using var server = listener.Accept();
            client.Send("x"u8);

            Assert.Equal(107, path.Length);
            Assert.Equal(1, server.Receive(new byte[4]));
            Assert.True(File.Exists(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ConnectUnix_NothingListening_ThrowsIOExceptionWithErrno()
    {
        var path = TempSocketPath();

        var ex = Assert.Throws<IOException>(() => RuntimeApiSocket.Connect(RuntimeApiUnixEndPoint.Parse(path), TimeSpan.FromSeconds(10)));

        Assert.Contains("connect to unix:" + path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseUnix_PathTooLongInUtf8_ThrowsArgumentExceptionNamingTheLimit()
    {
        // 61 characters, but 'é' is two bytes in UTF-8: 1 + 60 * 2 = 121 bytes.
        var path = "/" + new string('é', 60);

        var ex = Assert.Throws<ArgumentException>(() => RuntimeApiUnixEndPoint.Parse(path));

        Assert.Contains("FAAS_RUNTIME_API_SOCKET is 121 bytes long", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at most 107 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative.sock")]
    [InlineData("/tmp/a\\0b")]
    public void ParseUnix_NotAnAbsolutePath_ThrowsArgumentException(string path)
    {
        var ex = Assert.Throws<ArgumentException>(() => RuntimeApiUnixEndPoint.Parse(path.Replace("\\0", "\0", StringComparison.Ordinal)));

        Assert.Contains("must be the absolute path of a Unix socket", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateClient_UnixSocketWithoutRuntimeApi_SendsLocalhostAsHostOverTheSocket()
    {
        var path = TempSocketPath();
        var endPoint = RuntimeApiUnixEndPoint.Parse(path);
        try
        {
            using var listener = RuntimeApiSocket.Listen(endPoint);
            using var client = RuntimeApiClient.Create(runtimeApi: null, socketPath: path);
            RuntimeApiSocket? server = null;
            var request = new byte[4096];
            var received = 0;
            var serve = Task.Run(() =>
            {
                server = listener.Accept();
                received = server.Receive(request);
                server.Send("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"u8);
            });

            var accepted = await client.PostInitErrorAsync("E", "{}"u8.ToArray(), CancellationToken.None);
            await serve;
            server?.Dispose();

            Assert.True(accepted);
            var text = System.Text.Encoding.ASCII.GetString(request, 0, received);
            Assert.StartsWith("POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: localhost\r\n", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CreateClient_NeitherVariable_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => RuntimeApiClient.Create(null, null));
    }

    private static string TempSocketPath() => "/tmp/faas-test-" + Guid.NewGuid().ToString("N")[..16] + ".sock";
}
