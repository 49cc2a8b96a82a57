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
        var request = context.Request;
        var headers = request.Headers;
        var input = new InvokeInput((string)request.RouteValues["environmentId"]!)
        {
            RequestId = headers["X-Faas-Request-Id"].ToString(),
            ClientContext = headers["X-Amz-Client-Context"].ToString(),
            InvokedFunctionArn = headers["X-Faas-Invoked-Function-Arn"].ToString(),
            TraceId = headers["X-Amzn-Trace-Id"].ToString(),
            TenantId = headers["X-Amz-Tenant-Id"].ToString(),
            LogType = headers["X-Amz-Log-Type"].ToString(),
        };
        using var answer = await InvokeAsync(input, request, static (r, limit, ct) => RequestBody.ReadAsync(r, limit, ct), context.RequestAborted);
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers())
        {
            response.Headers[name] = value;
        }

        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body, context.RequestAborted);

        // The caller has its answer; now, off its path, the END and REPORT lines (unless the next invocation,
        // arriving first, writes them before its START).
        answer.Answered();
    }

    /// <summary>
    /// The endpoint without its transport: Kestrel's requests and a co-hosted gateway's in-process calls
    /// (<see cref="InProcessInvokeHandler"/>) both come here. <paramref name="readBody"/> is asked for the event only once
    /// the environment and the client context are known to be valid, and gives back a pooled buffer (null when over
    /// the limit).
    /// </summary>
    public async Task<InvokeAnswer> InvokeAsync<TBody>(
        InvokeInput input,
        TBody body,
        Func<TBody, int, CancellationToken, ValueTask<(byte[]? Buffer, int Length)>> readBody,
        CancellationToken cancellationToken)
    {
        var requestId = input.RequestId is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        var environment = environments.Find(input.EnvironmentId);
        if (environment is null)
        {
            return InvokeAnswer.ApiError(requestId, StatusCodes.Status404NotFound, "ResourceNotFoundException", $"Environment not found: {input.EnvironmentId}", upperCaseMessage: true);
        }

        if (!TryDecodeClientContext(input.ClientContext ?? "", out var clientContext))
        {
            return InvokeAnswer.ApiError(requestId, StatusCodes.Status400BadRequest, "InvalidRequestContentException",
                "Client context must be a valid Base64-encoded JSON object of at most 3583 bytes.", upperCaseMessage: false);
        }

        var (buffer, length) = await readBody(body, MaxPayloadBytes, cancellationToken);
        if (buffer is null)
        {
            return InvokeAnswer.ApiError(requestId, StatusCodes.Status413RequestEntityTooLarge, "RequestTooLargeException",
                $"Request must be smaller than {MaxPayloadBytes} bytes for the InvokeFunction operation", upperCaseMessage: false);
        }

        using var invocation = new Invocation(requestId, buffer, length)
        {
            InvokedFunctionArn = input.InvokedFunctionArn is { Length: > 0 } arn ? arn : environment.Spec.FunctionArn,
            TraceId = input.TraceId is { Length: > 0 } trace ? trace : NewTraceId(),
            ClientContext = clientContext,
            TenantId = input.TenantId ?? "",
            WantsLogTail = string.Equals(input.LogType, "Tail", StringComparison.OrdinalIgnoreCase),
        };

        var result = await environment.InvokeAsync(invocation, options.Environments.InitTimeout, cancellationToken);
        switch (result.Status)
        {
            case InvokeStatus.Busy:
                return InvokeAnswer.ApiError(requestId, StatusCodes.Status409Conflict, "ResourceConflictException",
                    $"Environment {input.EnvironmentId} is running another invocation.", upperCaseMessage: false);
            case InvokeStatus.Stopped:
                return InvokeAnswer.ApiError(requestId, StatusCodes.Status404NotFound, "ResourceNotFoundException", $"Environment was evicted: {input.EnvironmentId}", upperCaseMessage: true);
            case InvokeStatus.NotReady:
                return InvokeAnswer.ApiError(requestId, StatusCodes.Status502BadGateway, "ResourceNotReadyException",
                    $"Environment {input.EnvironmentId} did not finish initialising in time.", upperCaseMessage: false);
        }

        var outcome = result.Outcome!;
        if (outcome.IsFunctionError)
        {
            Log.FunctionError(logger, environment.Spec.FunctionName, requestId, outcome.Kind);
        }

        return InvokeAnswer.Ran(requestId, environment, result, invocation.WantsLogTail);
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
