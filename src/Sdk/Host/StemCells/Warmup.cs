using System.Globalization;
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
///   handler resolution -> [canned Runtime API on a temporary Unix socket or loopback TCP: next -> typed invoker, JSON, log format -> response] -> error body -> specialize answer
/// </code>
/// It only touches what every environment loads anyway (no exception is thrown: a stack trace would load the
/// symbol readers, which only failing functions need).
/// </summary>
internal static class Warmup
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // What the worker answers, byte for byte in shape: next, response (202), the next pipelined behind it, error (202),
    // specialize.
    private static ReadOnlySpan<byte> Answers =>
        "HTTP/1.1 200 OK\r\nContent-Length: 27\r\nContent-Type: application/json\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n"u8
        + "Lambda-Runtime-Aws-Request-Id: warmup\r\nLambda-Runtime-Deadline-Ms: 4102444800000\r\n"u8
        + "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:000000000000:function:warmup\r\n"u8
        + "Lambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000\r\nServer: Kestrel\r\n\r\n"u8
        + "{\"name\":\"warmup\",\"count\":1}"u8
        + "HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\nContent-Type: application/json\r\n\r\n{\"status\":\"OK\"}"u8
        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n"u8
        + "Lambda-Runtime-Aws-Request-Id: warmup2\r\nLambda-Runtime-Deadline-Ms: 4102444800000\r\n\r\n{}"u8
        + "HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\nContent-Type: application/json\r\n\r\n{\"status\":\"OK\"}"u8
        + "HTTP/1.1 200 OK\r\nContent-Length: 35\r\nContent-Type: application/json\r\n\r\n{\"environment\":{\"WARMUP\":\"warmup\"}}"u8;

    /// <summary>
    /// Runs the warm-up, on a temporary Unix socket when <paramref name="unixSocket"/> (the cell will use
    /// <c>FAAS_RUNTIME_API_SOCKET</c>), else on loopback TCP; failures are ignored because a cold path is only slower, not wrong.
    /// </summary>
    public static async Task RunAsync(TimeProvider time, bool unixSocket)
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

            if (!unixSocket || !await TryRunOnUnixSocketAsync(handler, sink, logger, time).ConfigureAwait(false))
            {
                await RunOnLoopbackAsync(handler, sink, logger, time).ConfigureAwait(false);
            }

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

    /// <summary>The path of the warm-up's temporary Unix socket for process <paramref name="processId"/>.</summary>
    internal static string UnixSocketPath(int processId)
        => Path.Combine(Path.GetTempPath(), "faas-host-warmup-" + processId.ToString(CultureInfo.InvariantCulture) + ".sock");

    /// <summary>
    /// One invocation against canned answers on a temporary Unix socket, so the AF_UNIX connect path is compiled too;
    /// false when no such socket can be made (read-only or too deep temp directory), and the caller falls back to TCP.
    /// </summary>
    private static async Task<bool> TryRunOnUnixSocketAsync(LoadedHandler handler, LogSink sink, ContextLogger logger, TimeProvider time)
    {
        RuntimeApiUnixEndPoint endPoint;
        RuntimeApiSocket listener;
        try
        {
            endPoint = RuntimeApiUnixEndPoint.Parse(UnixSocketPath(Environment.ProcessId));

            // A file left by an earlier process with this id would make bind fail.
            File.Delete(endPoint.Path);
            listener = RuntimeApiSocket.Listen(endPoint);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return false;
        }

        try
        {
            await RunAsync(listener, () => RuntimeApiSocket.Connect(endPoint, ConnectTimeout), handler, sink, logger, time).ConfigureAwait(false);
            return true;
        }
        finally
        {
            listener.Dispose();
            try
            {
                File.Delete(endPoint.Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A stale file in the temp directory is harmless (the next cell with this id deletes it).
            }
        }
    }

    /// <summary>One invocation through the real client and loop against canned answers on a loopback socket.</summary>
    private static async Task RunOnLoopbackAsync(LoadedHandler handler, LogSink sink, ContextLogger logger, TimeProvider time)
    {
        using var listener = RuntimeApiSocket.ListenOnLoopback(out var endPoint);
        await RunAsync(listener, () => RuntimeApiSocket.Connect(endPoint, ConnectTimeout), handler, sink, logger, time).ConfigureAwait(false);
    }

    /// <summary>One invocation through the real client and loop, connecting with <paramref name="connect"/> to <paramref name="listener"/>.</summary>
    private static async Task RunAsync(
        RuntimeApiSocket listener, Func<RuntimeApiSocket> connect, LoadedHandler handler, LogSink sink, ContextLogger logger, TimeProvider time)
    {
        // All on this thread: once the client's connect is queued, the server end is accepted and given every answer
        // up front (they fit in the socket buffer), and the requests the client sends just wait unread in it.
        RuntimeApiSocket? server = null;
        try
        {
            using var client = new RuntimeApiClient(
                () =>
                {
                    var socket = connect();
                    server?.Dispose();
                    server = listener.Accept();
                    server.Send(Answers);
                    return socket;
                },
                "warmup");
            var loop = new InvocationLoop(client, handler, new HostSettings(), sink, logger, time);
            await loop.RunOnceAsync(CancellationToken.None).ConfigureAwait(false);
            using (var pipelined = new MemoryStream())
            {
                await client.GetNextInvocationAsync(pipelined, CancellationToken.None).ConfigureAwait(false);
            }

            await client.PostErrorAsync("warmup", "Warmup", "{}"u8.ToArray(), CancellationToken.None).ConfigureAwait(false);
            await client.WaitForSpecializationAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            server?.Dispose();
        }
    }
}
