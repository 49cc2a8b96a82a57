using System.Text;
using Faas.Host.RuntimeApi;

namespace Faas.Sdk.Host.Tests.RuntimeApi;

/// <summary>The client pipelines <c>GET next</c> behind a posted result and reads both answers in order.</summary>
public class RuntimeApiClientTests
{
    private const string Accepted = "HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}";
    private const string NextAnswer = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nLambda-Runtime-Aws-Request-Id: second\r\n"
        + "Lambda-Runtime-Deadline-Ms: 4102444800000\r\n\r\n{\"n\":2}";

    [Fact]
    public async Task PostResponseAsync_PipelineNext_SendsNextBeforeAnyAnswerAndReadsItAfterTheResult()
    {
        using var listener = RuntimeApiSocket.ListenOnLoopback(out var endPoint);
        RuntimeApiSocket? server = null;
        using var client = new RuntimeApiClient(
            () =>
            {
                var socket = RuntimeApiSocket.Connect(endPoint, TimeSpan.FromSeconds(10));
                server = listener.Accept();
                return socket;
            },
            "127.0.0.1:9001");

        // Nothing is answered until both requests have arrived: a client waiting for the 202 first would hang here.
        var posting = Task.Run(() => client.PostResponseAsync("first", "{\"ok\":true}"u8.ToArray(), CancellationToken.None, pipelineNext: true));
        var received = await ReceiveUntilAsync(() => server, "GET /2018-06-01/runtime/invocation/next");
        server!.Send(Encoding.ASCII.GetBytes(Accepted + NextAnswer));
        var accepted = await posting;
        using var body = new MemoryStream();
        var next = await client.GetNextInvocationAsync(body, CancellationToken.None);

        Assert.True(accepted);
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/first/response HTTP/1.1", received, StringComparison.Ordinal);
        Assert.Contains("{\"ok\":true}GET /2018-06-01/runtime/invocation/next HTTP/1.1", received, StringComparison.Ordinal);
        Assert.Equal("second", next.RequestId);
        Assert.Equal("{\"n\":2}", Encoding.UTF8.GetString(body.ToArray()));
        server.Dispose();
    }

    [Fact]
    public async Task PostErrorAsync_NextPipelined_RefusesAnotherRequestBeforeTheNextIsRead()
    {
        using var listener = RuntimeApiSocket.ListenOnLoopback(out var endPoint);
        RuntimeApiSocket? server = null;
        using var client = new RuntimeApiClient(
            () =>
            {
                var socket = RuntimeApiSocket.Connect(endPoint, TimeSpan.FromSeconds(10));
                server = listener.Accept();
                server.Send(Encoding.ASCII.GetBytes(Accepted + NextAnswer));
                return socket;
            },
            "127.0.0.1:9001");

        await client.PostResponseAsync("first", "{}"u8.ToArray(), CancellationToken.None, pipelineNext: true);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostErrorAsync("first", "Oops", "{}"u8.ToArray(), CancellationToken.None));
        server!.Dispose();
    }

    private static async Task<string> ReceiveUntilAsync(Func<RuntimeApiSocket?> server, string expected)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!text.ToString().Contains(expected, StringComparison.Ordinal))
        {
            timeout.Token.ThrowIfCancellationRequested();
            if (server() is not { } socket)
            {
                await Task.Delay(10, timeout.Token);
                continue;
            }

            var read = await Task.Run(() => socket.Receive(buffer)).WaitAsync(timeout.Token);
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
