using System.Buffers;
using System.Text;
using Faas.Worker.Environments;
using Faas.Worker.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.Invocations;

/// <summary>
/// Accepts an invocation forwarded for one environment (<c>POST /worker/v1/environments/{id}/invocations</c>) and
/// answers as Lambda's Invoke API does for a synchronous call: status 200 with the function's output, or its error
/// with <c>X-Amz-Function-Error</c>; the log tail on request.
/// </summary>
internal sealed partial class InvokeEndpoint(EnvironmentManager environments, WorkerOptions options, ILogger<InvokeEndpoint> logger)
{
    /// <summary>The path template of the endpoint.</summary>
    public const string Route = "/worker/v1/environments/{environmentId}/invocations";

    /// <summary>Lambda's synchronous request payload limit: 6 MB.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    /// <summary>Builds the path to post invocations for an environment.</summary>
    public static string PathFor(string environmentId) => $"/worker/v1/environments/{environmentId}/invocations";

    public async Task HandleAsync(HttpContext context)
    {
        var environmentId = (string)context.Request.RouteValues["environmentId"]!;
        var requestId = context.Request.Headers["X-Faas-Request-Id"].ToString() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;

        var environment = environments.Find(environmentId);
        if (environment is null)
        {
            await WriteApiErrorAsync(context, StatusCodes.Status404NotFound, "ResourceNotFoundException", $"Environment not found: {environmentId}", upperCaseMessage: true);
            return;
        }

        if (!TryDecodeClientContext(context.Request.Headers["X-Amz-Client-Context"].ToString(), out var clientContext))
        {
            await WriteApiErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestContentException",
                "Client context must be a valid Base64-encoded JSON object of at most 3583 bytes.", upperCaseMessage: false);
            return;
        }

        var (buffer, length) = await RequestBody.ReadAsync(context.Request, MaxPayloadBytes, context.RequestAborted);
        if (buffer is null)
        {
            await WriteApiErrorAsync(context, StatusCodes.Status413RequestEntityTooLarge, "RequestTooLargeException",
                $"Request must be smaller than {MaxPayloadBytes} bytes for the InvokeFunction operation", upperCaseMessage: false);
            return;
        }

        using var invocation = new Invocation(requestId, buffer, length)
        {
            InvokedFunctionArn = context.Request.Headers["X-Faas-Invoked-Function-Arn"].ToString() is { Length: > 0 } arn ? arn : environment.Spec.FunctionArn,
            TraceId = context.Request.Headers["X-Amzn-Trace-Id"].ToString() is { Length: > 0 } trace ? trace : NewTraceId(),
            ClientContext = clientContext,
            TenantId = context.Request.Headers["X-Amz-Tenant-Id"].ToString(),
            WantsLogTail = string.Equals(context.Request.Headers["X-Amz-Log-Type"].ToString(), "Tail", StringComparison.OrdinalIgnoreCase),
        };

        var result = await environment.InvokeAsync(invocation, options.Environments.InitTimeout, context.RequestAborted);
        switch (result.Status)
        {
            case InvokeStatus.Busy:
                await WriteApiErrorAsync(context, StatusCodes.Status409Conflict, "ResourceConflictException",
                    $"Environment {environmentId} is running another invocation.", upperCaseMessage: false);
                return;
            case InvokeStatus.Stopped:
                await WriteApiErrorAsync(context, StatusCodes.Status404NotFound, "ResourceNotFoundException", $"Environment was evicted: {environmentId}", upperCaseMessage: true);
                return;
            case InvokeStatus.NotReady:
                await WriteApiErrorAsync(context, StatusCodes.Status502BadGateway, "ResourceNotReadyException",
                    $"Environment {environmentId} did not finish initialising in time.", upperCaseMessage: false);
                return;
        }

        using var outcome = result.Outcome!;
        if (outcome.IsFunctionError)
        {
            Log.FunctionError(logger, environment.Spec.FunctionName, requestId, outcome.Kind);
        }

        var headers = context.Response.Headers;
        headers["X-Amz-Executed-Version"] = environment.Spec.Version;
        headers["X-Faas-Duration-Ms"] = result.DurationMs.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        if (result.InitDurationMs is { } init)
        {
            headers["X-Faas-Init-Duration-Ms"] = init.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (outcome.IsFunctionError)
        {
            headers["X-Amz-Function-Error"] = "Unhandled";
        }

        if (invocation.WantsLogTail)
        {
            headers["X-Amz-Log-Result"] = result.LogTail;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = outcome.IsFunctionError || string.IsNullOrEmpty(outcome.ContentType) ? "application/json" : outcome.ContentType;
        context.Response.ContentLength = outcome.Length;
        await context.Response.Body.WriteAsync(outcome.Body, context.RequestAborted);

        // The caller has its answer; now, off its path, the END and REPORT lines (unless the next invocation,
        // arriving first, writes them before its START).
        environment.WritePendingReport();
    }

    /// <summary>Writes a Lambda API error: <c>x-amzn-ErrorType</c> and a JSON body with the shape's message member.</summary>
    public static Task WriteApiErrorAsync(HttpContext context, int status, string errorType, string message, bool upperCaseMessage)
    {
        var body = LambdaErrorJson.SerializeApiError(message, upperCaseMessage);
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-ErrorType"] = errorType;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    private static bool TryDecodeClientContext(string encoded, out string? json)
    {
        json = null;
        if (encoded.Length == 0)
        {
            return true;
        }

        if (encoded.Length > 3583)
        {
            return false;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (!Convert.TryFromBase64String(encoded, bytes, out var written))
            {
                return false;
            }

            var reader = new System.Text.Json.Utf8JsonReader(bytes.AsSpan(0, written));
            try
            {
                if (!System.Text.Json.JsonDocument.TryParseValue(ref reader, out var document))
                {
                    return false;
                }

                using (document)
                {
                    if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                    {
                        return false;
                    }
                }
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }

            json = Encoding.UTF8.GetString(bytes, 0, written);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // X-Ray's format: Root=1-<8 hex epoch seconds>-<24 hex random>.
    private static string NewTraceId()
    {
        Span<byte> random = stackalloc byte[12];
        Random.Shared.NextBytes(random);
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"Root=1-{seconds:x8}-{Convert.ToHexStringLower(random)};Sampled=0";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, EventName = "FunctionError", Level = LogLevel.Debug,
            Message = "Invocation '{RequestId}' of function '{FunctionName}' ended with {Outcome}.")]
        public static partial void FunctionError(ILogger logger, string functionName, string requestId, InvocationOutcomeKind outcome);
    }
}
