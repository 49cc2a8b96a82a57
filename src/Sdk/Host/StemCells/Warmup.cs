using Faas.Host.Errors;
using Faas.Host.Handlers;
using Faas.Host.Hosting;
using Faas.Host.Invocation;
using Faas.Host.Logging;
using Faas.Host.RuntimeApi;

namespace Faas.Host.StemCells;

/// <summary>
/// Runs the hot paths once before specialisation (handler resolution, a typed invoker, a JSON round trip, the log format,
/// an error body, an HTTP request message) so a specialised cell answers its first invocation from JIT-compiled code.
/// </summary>
internal static class Warmup
{
    /// <summary>Runs the warm-up; failures are ignored because a cold path is only slower, not wrong.</summary>
    public static async Task RunAsync(TimeProvider time)
    {
        try
        {
            var handler = HandlerInitializer.Initialize(typeof(WarmupHandler), nameof(WarmupHandler.HandleAsync));
            var sink = new LogSink(Stream.Null, time);
            var logger = new ContextLogger(sink);
            var invocation = new NextInvocation { RequestId = "warmup", DeadlineMs = time.GetUtcNow().ToUnixTimeMilliseconds() + 1000 };
            var context = new LambdaContext(new HostSettings(), invocation, logger, handler.Serializer, time);
            using var input = new ReusableMemoryStream(256);
            input.Write("{\"name\":\"warmup\",\"count\":1}"u8);
            input.Position = 0;
            using var output = new ReusableMemoryStream(256);
            await handler.Invoker.InvokeAsync(input, context, output).ConfigureAwait(false);
            _ = context.RemainingTime;

            using var writer = new ConsoleLineWriter(sink, LogLevelNames.Information);
            writer.WriteLine("warmup");
            writer.Write("warm");
            writer.Flush();

            _ = ErrorReport.ToJson(ErrorReport.FromException(new InvalidOperationException("warmup", new ArgumentException("inner"))));

            using var content = new ReadOnlyMemoryContent(output.GetBuffer().AsMemory(0, (int)output.Length));
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://127.0.0.1/2018-06-01/runtime/invocation/warmup/response")) { Content = content };
            await content.CopyToAsync(Stream.Null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing to do: warm-up only saves time.
        }
    }
}
