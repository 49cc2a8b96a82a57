using Faas.Host.Errors;
using Faas.Host.Handlers;
using Faas.Host.Hosting;
using Faas.Host.Invocation;
using Faas.Host.Logging;
using Faas.Host.RuntimeApi;

namespace Faas.Host.StemCells;

/// <summary>
/// Runs the cold path of a specialised cell once before specialisation, so its first invocation runs JIT-compiled code:
/// <code>
///   handler resolution -> [loopback Runtime API: next -> typed invoker, JSON, log format -> response] -> error body -> specialize answer
/// </code>
/// It only touches what every environment loads anyway (no exception is thrown: a stack trace would load the
/// symbol readers, which only failing functions need).
/// </summary>
internal static class Warmup
{
    // What the worker answers, byte for byte in shape: next, response (202), error (202), specialize.
    private static ReadOnlySpan<byte> Answers =>
        "HTTP/1.1 200 OK\r\nContent-Length: 27\r\nContent-Type: application/json\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n"u8
        + "Lambda-Runtime-Aws-Request-Id: warmup\r\nLambda-Runtime-Deadline-Ms: 4102444800000\r\n"u8
        + "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:000000000000:function:warmup\r\n"u8
        + "Lambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000\r\nServer: Kestrel\r\n\r\n"u8
        + "{\"name\":\"warmup\",\"count\":1}"u8
        + "HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\nContent-Type: application/json\r\n\r\n{\"status\":\"OK\"}"u8
        + "HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\nContent-Type: application/json\r\n\r\n{\"status\":\"OK\"}"u8
        + "HTTP/1.1 200 OK\r\nContent-Length: 35\r\nContent-Type: application/json\r\n\r\n{\"environment\":{\"WARMUP\":\"warmup\"}}"u8;

    /// <summary>Runs the warm-up; failures are ignored because a cold path is only slower, not wrong.</summary>
    public static async Task RunAsync(TimeProvider time)
    {
        try
        {
            var handler = HandlerInitializer.Initialize(typeof(WarmupHandler), nameof(WarmupHandler.HandleAsync));
            var sink = new LogSink(Stream.Null, time);
            var logger = new ContextLogger(sink);
            using (var writer = new ConsoleLineWriter(sink, LogLevelNames.Information))
            {
                writer.WriteLine("warmup");
                writer.Write("warm");
                writer.Flush();
            }

            await RunOnLoopbackAsync(handler, sink, logger, time).ConfigureAwait(false);
            _ = ErrorReport.ToJson(ErrorReport.FromException(new InvalidOperationException("warmup", new ArgumentException("inner"))));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing to do: warm-up only saves time.
        }
        finally
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", null);
        }
    }

    /// <summary>One invocation through the real client and loop against canned answers on a loopback socket.</summary>
    private static async Task RunOnLoopbackAsync(LoadedHandler handler, LogSink sink, ContextLogger logger, TimeProvider time)
    {
        // All on this thread: once the client's connect is queued, the server end is accepted and given every answer
        // up front (they fit in the socket buffer), and the requests the client sends just wait unread in it.
        using var listener = RuntimeApiSocket.ListenOnLoopback(out var endPoint);
        RuntimeApiSocket? server = null;
        try
        {
            using var client = new RuntimeApiClient(
                () =>
                {
                    var socket = RuntimeApiSocket.Connect(endPoint, TimeSpan.FromSeconds(10));
                    server?.Dispose();
                    server = listener.Accept();
                    server.Send(Answers);
                    return socket;
                },
                "warmup");
            var loop = new InvocationLoop(client, handler, new HostSettings(), sink, logger, time);
            await loop.RunOnceAsync(CancellationToken.None).ConfigureAwait(false);
            await client.PostErrorAsync("warmup", "Warmup", "{}"u8.ToArray(), CancellationToken.None).ConfigureAwait(false);
            await client.WaitForSpecializationAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            server?.Dispose();
        }
    }
}
