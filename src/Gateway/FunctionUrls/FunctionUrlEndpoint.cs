using System.Text.Json;
using Faas.Gateway.Auth;
using Faas.Gateway.Hosting;
using Faas.Gateway.Invoke;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.FunctionUrls;

/// <summary>
/// Serves function URL requests:
/// <code>
///   1. url id -> route (registry, cached)            unknown: 404
///   2. CORS preflight answered from the URL's config  (function not invoked)
///   3. body read, at most 6 MB                       larger: 413
///   4. AWS_IAM: SigV4 with the Invoke grant          refused: 403
///   5. request -> payload 2.0 (or 1.0) event
///   6. invoke (IFunctionInvoker)                     throttled, not found...: Lambda's status
///   7. output -> HTTP answer (+ CORS headers)        function error or unmappable output: 502
/// </code>
/// </summary>
internal sealed partial class FunctionUrlEndpoint(
    FunctionUrlAddress address,
    FunctionUrlTargets targets,
    RequestAuthenticator authenticator,
    GatewayOptions options,
    TimeProvider time,
    IFunctionInvoker invoker,
    ILogger<FunctionUrlEndpoint> logger)
{
    /// <summary>Lambda's synchronous payload limit, applied to the request body.</summary>
    public const int MaxBodyBytes = 6 * 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!address.TryMatch(context, out var target))
        {
            await WriteErrorAsync(context, 404, "ResourceNotFoundException", "No function URL matches this address.", cors: null);
            return;
        }

        var arrived = time.GetUtcNow();
        var route = await targets.GetAsync(target.UrlId);
        if (route is null)
        {
            await WriteErrorAsync(context, 404, "ResourceNotFoundException", $"The function URL '{target.UrlId}' does not exist.", cors: null);
            return;
        }

        var cors = route.Target.Cors;
        var origin = request.Headers.Origin is { Count: > 0 } o ? o.ToString() : null;
        if (cors is not null && FunctionUrlCorsPolicy.IsPreflight(request))
        {
            var preflight = FunctionUrlCorsPolicy.Preflight(
                cors, origin!, request.Headers.AccessControlRequestMethod.ToString(), request.Headers.AccessControlRequestHeaders.ToString());
            await WriteAsync(context, new FunctionUrlResponse(200, preflight, [], ReadOnlyMemory<byte>.Empty));
            return;
        }

        using var body = new PooledBufferWriter((int)Math.Clamp(request.ContentLength ?? 0, 1024, MaxBodyBytes + 1));
        if (!await ReadBodyAsync(request, body, context.RequestAborted))
        {
            await WriteErrorAsync(context, 413, "RequestTooLargeException", $"Request must be smaller than {MaxBodyBytes} bytes for the InvokeFunction operation", cors, origin);
            return;
        }

        string? caller = null;
        if (route.RequiresSignature)
        {
            var outcome = authenticator.Authenticate(context, AccessGrants.Invoke, body.WrittenSpan, requireSignature: true);
            if (!outcome.Allowed)
            {
                // Without any signature the URL answers as AWS's does; a wrong one gets the precise signature error.
                var error = outcome.Error!;
                var message = error.ErrorType == "MissingAuthenticationTokenException" ? "Forbidden" : error.Message;
                await WriteErrorAsync(context, 403, error.ErrorType, message, cors, origin);
                return;
            }

            caller = outcome.AccessKeyId ?? "";
        }

        var input = new FunctionUrlEventInput
        {
            Method = request.Method,
            RawPath = target.RawPath,
            RawQuery = target.RawQuery,
            Headers = request.Headers,
            Body = body.WrittenMemory,
            Protocol = request.Protocol,
            Scheme = request.Scheme,
            LocalPort = context.Connection.LocalPort,
            SourceIp = context.Connection.RemoteIpAddress,
            UrlId = target.UrlId,
            DomainName = target.DomainName,
            DomainPrefix = target.DomainPrefix,
            RequestId = RequestIds.Get(context),
            AccountId = options.AccountId,
            Time = arrived,
            CallerAccessKeyId = caller,
        };
        using var payload = new PooledBufferWriter(body.WrittenCount / 3 * 4 + 4096);
        using (var json = new Utf8JsonWriter(payload, FunctionUrlEvents.WriterOptions))
        {
            if (route.PayloadFormat == FunctionUrlPayloadFormat.V1)
            {
                FunctionUrlEvents.WriteV1(json, input);
            }
            else
            {
                FunctionUrlEvents.WriteV2(json, input);
            }
        }

        var result = await invoker.InvokeAsync(
            new InvocationRequest(route.Target.FunctionName, route.Target.Qualifier, payload.WrittenMemory, input.RequestId)
            {
                TraceId = request.Headers["X-Amzn-Trace-Id"] is { Count: > 0 } trace ? trace.ToString() : null,
                IdempotencyKey = request.Headers[IdempotencyConfig.HeaderName] is { Count: > 0 } key ? key.ToString() : null,
                ValidationPayload = body.WrittenMemory,
            },
            context.RequestAborted);
        if (result.Error is { } invokeError)
        {
            Log.InvocationRefused(logger, target.UrlId, route.Target.FunctionName, invokeError.ErrorType);
            await WriteErrorAsync(context, invokeError.StatusCode, invokeError.ErrorType, invokeError.Message, cors, origin);
            return;
        }

        if (result.FunctionError is not null)
        {
            Log.FunctionFailed(logger, target.UrlId, route.Target.FunctionName, result.FunctionError);
            await WriteErrorAsync(context, 502, "InternalServerError", "Internal Server Error", cors, origin);
            return;
        }

        var response = route.Streams
            ? FunctionUrlResponse.FromStream(result.Payload, out var problem)
            : FunctionUrlResponse.FromBuffered(result.Payload, out problem);
        if (response is null)
        {
            Log.UnmappableResponse(logger, target.UrlId, route.Target.FunctionName, problem ?? "unknown");
            await WriteErrorAsync(context, 502, "InternalServerError", "Internal Server Error", cors, origin);
            return;
        }

        if (cors is not null)
        {
            FunctionUrlCorsPolicy.ApplyToResponse(response.Headers, cors, origin);
        }

        // As on the Invoke API, an answer from a completed idempotency record says so. The marker is the gateway's: a
        // header of that name the function set itself is dropped, so it never claims a replay that was a run.
        response.Headers.RemoveAll(static header => header.Key.Equals(InvokeEndpoint.ReplayedHeader, StringComparison.OrdinalIgnoreCase));
        if (result.Replayed)
        {
            response.Headers.Add(new(InvokeEndpoint.ReplayedHeader, "replayed"));
        }

        await WriteAsync(context, response);
        if (result.Recording is { } recording)
        {
            // As on the Invoke API: the caller has its answer before the record's write is awaited.
            await context.Response.CompleteAsync();
            await recording;
        }
    }

    private static async ValueTask<bool> ReadBodyAsync(HttpRequest request, PooledBufferWriter body, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return false;
        }

        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(body.GetMemory(16 * 1024), cancellationToken);
                if (read == 0)
                {
                    return true;
                }

                body.Advance(read);
                if (body.WrittenCount > MaxBodyBytes)
                {
                    return false;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }
    }

    private static async Task WriteAsync(HttpContext context, FunctionUrlResponse answer)
    {
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.Append(name, value);
        }

        foreach (var cookie in answer.Cookies)
        {
            response.Headers.Append("Set-Cookie", cookie);
        }

        // 204 and 304 carry no body; HEAD answers say how long the body would be.
        if (answer.StatusCode is 204 or 304)
        {
            return;
        }

        response.ContentLength = answer.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method) && !answer.Body.IsEmpty)
        {
            await response.Body.WriteAsync(answer.Body, context.RequestAborted);
        }
    }

    // Function URL errors are JSON with a capitalised "Message", plus x-amzn-ErrorType naming the error.
    private static Task WriteErrorAsync(HttpContext context, int status, string errorType, string message, FunctionUrlCors? cors, string? origin = null)
    {
        using var buffer = new PooledBufferWriter(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Message", message);
            json.WriteEndObject();
        }

        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", FunctionUrlResponse.JsonContentType),
            new("x-amzn-ErrorType", errorType),
        };
        if (status == 429)
        {
            headers.Add(new("Retry-After", "1"));
        }

        if (cors is not null)
        {
            FunctionUrlCorsPolicy.ApplyToResponse(headers, cors, origin);
        }

        return WriteAsync(context, new FunctionUrlResponse(status, headers, [], buffer.WrittenMemory.ToArray()));
    }
}
