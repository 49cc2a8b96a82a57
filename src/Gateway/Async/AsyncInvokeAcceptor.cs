using System.Buffers;
using Confluent.Kafka;
using Faas.Gateway.ControlApi;
using Faas.Gateway.Errors;
using Faas.Gateway.Hosting;
using Faas.Gateway.Invoke;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

/// <summary>
/// The Invoke API's <c>Event</c> invocation type: the payload is checked, the event written to Kafka and acknowledged by
/// the brokers, and only then answered 202 with an empty body, so an accepted event is never only in memory.
/// </summary>
internal sealed partial class AsyncInvokeAcceptor(
    AsyncEventProducer producer,
    InvocationCoordinator coordinator,
    GatewayOptions options,
    TimeProvider time,
    ILogger<AsyncInvokeAcceptor> logger)
{
    /// <summary>The legacy InvokeAsync API (deprecated by AWS, still in the CLI and SDKs): the same as Invoke with <c>Event</c>.</summary>
    public const string LegacyRoute = "/2014-11-13/functions/{FunctionName}/invoke-async";

    private readonly AsyncInvocationOptions _options = options.Async;

    /// <summary>InvokeAsync: <c>POST /2014-11-13/functions/{FunctionName}/invoke-async</c>, answered 202 like an <c>Event</c> invocation.</summary>
    public async Task HandleLegacyAsync(HttpContext context)
    {
        if (FunctionNames.Parse(context.Request.RouteValues["FunctionName"] as string, null, out var name, out var qualifier) is { } nameError)
        {
            await nameError.WriteAsync(context);
            return;
        }

        var (resolved, notFound) = await coordinator.ResolveAsync(name, qualifier);
        if (resolved is null)
        {
            await notFound!.WriteAsync(context);
            return;
        }

        await AcceptAsync(context, name, qualifier);
    }

    /// <summary>Accepts an event for a function and qualifier that resolved.</summary>
    public async Task AcceptAsync(HttpContext context, string name, string? qualifier)
    {
        var request = context.Request;
        if (request.ContentLength > _options.MaxPayloadBytes)
        {
            await TooLarge().WriteAsync(context);
            return;
        }

        var (buffer, length) = await InvokePayload.ReadAsync(request, _options.MaxPayloadBytes, context.RequestAborted);
        if (buffer is null)
        {
            await TooLarge().WriteAsync(context);
            return;
        }

        byte[] payload;
        try
        {
            if (InvokePayload.Validate(buffer.AsSpan(0, length)) is { } invalid)
            {
                await InvokeErrors.InvalidJson(invalid).WriteAsync(context);
                return;
            }

            payload = buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var requestId = RequestIds.Get(context);
        var asyncEvent = new AsyncEvent
        {
            FunctionName = name,
            Qualifier = qualifier,
            RequestId = requestId,
            AcceptedAt = time.GetUtcNow(),
            TraceId = request.Headers["X-Amzn-Trace-Id"] is { Count: > 0 } trace ? trace.ToString() : null,
            IdempotencyKey = request.Headers[IdempotencyConfig.HeaderName] is { Count: > 0 } key ? key.ToString() : null,
            Payload = payload,
        };
        try
        {
            await producer.WriteAsync(_options.Topic, asyncEvent, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller left; the write may still complete, and the event then runs (Lambda does not promise otherwise).
            return;
        }
        catch (KafkaException exception)
        {
            Log.AcceptFailed(logger, name, requestId, exception.Error.Reason);
            await LambdaError.Service("The event could not be queued for asynchronous invocation; it was not accepted. Retry the request.").WriteAsync(context);
            return;
        }

        Log.Accepted(logger, name, requestId);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }

    private LambdaError TooLarge() => LambdaError.RequestTooLarge($"Request must be smaller than {_options.MaxPayloadBytes} bytes for the InvokeFunction operation");
}
