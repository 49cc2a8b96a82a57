using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faas.Contracts.Logs;
using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Logs;

/// <summary>
/// Faas's function logs API (not part of Lambda's): <c>GET /faas/2026-01-01/functions/{FunctionName}/logs</c> with
/// <c>since</c> (Unix ms), <c>limit</c> (1-10000, default 1000) and <c>nextToken</c>. It asks every worker for the
/// function's lines, merges them by time and answers in the style of CloudWatch Logs' GetLogEvents:
/// <c>{"events":[{"timestamp":ms,"message":"...","logStreamName":"..."}],"nextToken":"..."}</c>. <c>nextToken</c> is
/// always present; passing it back returns only lines not returned yet, which is how <c>faas logs --follow</c> polls.
/// </summary>
internal sealed partial class FunctionLogsEndpoint(
    IGrainFactory grains, IWorkerLogSources workers, IHttpClientFactory httpClients, ILogger<FunctionLogsEndpoint> logger)
{
    /// <summary>The path template of the endpoint.</summary>
    public const string Route = "/faas/2026-01-01/functions/{FunctionName}/logs";

    /// <summary>The name of the HTTP client used to call workers.</summary>
    public const string HttpClientName = "Faas.Gateway.Logs";

    /// <summary>Lines returned when the caller gives no limit.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>The largest limit accepted, CloudWatch's.</summary>
    public const int MaxLimit = 10000;

    /// <summary>An answer stops growing at about 1 MB of messages, as GetLogEvents' does.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var name = FunctionNameOf((string)context.Request.RouteValues["FunctionName"]!);
        var query = context.Request.Query;
        if (name is null)
        {
            await LambdaError.InvalidParameterValue("FunctionName must be a function name or ARN of at most 64 characters.").WriteAsync(context);
            return;
        }

        var since = query["since"].ToString();
        if (since.Length > 0 && !long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            await LambdaError.InvalidParameterValue("since must be a Unix time in milliseconds.").WriteAsync(context);
            return;
        }

        var limit = DefaultLimit;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            await LambdaError.InvalidParameterValue($"limit must be 1-{MaxLimit}.").WriteAsync(context);
            return;
        }

        var token = query["nextToken"].ToString();
        if (LogCursor.TryParse(token) is not { } cursor)
        {
            await LambdaError.InvalidParameterValue("nextToken is not a token this service returned.").WriteAsync(context);
            return;
        }

        if (await grains.GetGrain<IFunctionGrain>(name).ResolveAsync(null) is null)
        {
            await LambdaError.ResourceNotFound($"Function not found: {name}").WriteAsync(context);
            return;
        }

        // 1. Every worker reads its own files from the same cursor; 2. the first `limit` lines of all, by time, are
        // the answer; 3. the cursor moves past exactly those, stream by stream, so nothing is skipped or repeated.
        var sources = await workers.GetWorkersAsync(context.RequestAborted);
        var path = $"worker/v1/functions/{Uri.EscapeDataString(name)}/logs?limit={limit}"
            + (since.Length > 0 ? $"&since={since}" : "") + (token.Length > 0 ? $"&cursor={Uri.EscapeDataString(token)}" : "");
        var answers = await Task.WhenAll(sources.Select(worker => ReadWorkerAsync(worker, path, context.RequestAborted)));
        if (sources.Count > 0 && answers.All(a => a is null))
        {
            await LambdaError.Service("No worker answered with the function's logs.").WriteAsync(context);
            return;
        }

        var events = answers.OfType<WorkerLogs>().SelectMany(a => a.Events)
            .OrderBy(e => e.Timestamp).ThenBy(e => e.LogStreamName, StringComparer.Ordinal).ThenBy(e => e.Next)
            .ToList();
        var taken = 0;
        var bytes = 0;
        while (taken < events.Count && taken < limit && (taken == 0 || bytes + events[taken].Message.Length <= MaxResponseBytes))
        {
            bytes += events[taken].Message.Length;
            cursor[events[taken].LogStreamName] = Math.Max(cursor.GetValueOrDefault(events[taken].LogStreamName), events[taken].Next);
            taken++;
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("events");
        for (var i = 0; i < taken; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("timestamp", events[i].Timestamp);
            json.WriteString("message", events[i].Message);
            json.WriteString("logStreamName", events[i].LogStreamName);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("nextToken", LogCursor.Format(cursor));
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    // The name inside an ARN or partial ARN (`arn:aws:lambda:region:account:function:name[:qualifier]`,
    // `account:function:name`), or the name itself; null when it is not a valid name.
    private static string? FunctionNameOf(string value)
    {
        var parts = value.Split(':');
        var name = parts.Length switch
        {
            1 => parts[0],
            _ when Array.IndexOf(parts, "function") is var at and >= 0 && at + 1 < parts.Length => parts[at + 1],
            _ => "",
        };
        return name.Length is > 0 and <= 64 && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? name : null;
    }

    private async Task<WorkerLogs?> ReadWorkerAsync(Uri worker, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(new Uri(worker, path), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Log.WorkerLogsFailed(logger, worker, (int)response.StatusCode, null);
                return null;
            }

            return await response.Content.ReadFromJsonAsync<WorkerLogs>(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            workers.Invalidate(worker);
            Log.WorkerLogsFailed(logger, worker, 0, e);
            return null;
        }
        catch (JsonException e)
        {
            Log.WorkerLogsFailed(logger, worker, 200, e);
            return null;
        }
    }

    private sealed record WorkerLogs([property: JsonPropertyName("events")] List<WorkerLogEvent> Events);

    private sealed record WorkerLogEvent(
        [property: JsonPropertyName("timestamp")] long Timestamp,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("logStreamName")] string LogStreamName,
        [property: JsonPropertyName("next")] long Next);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3902, EventName = "WorkerLogsFailed", Level = LogLevel.Warning,
            Message = "Worker '{Worker}' did not return function logs (status {StatusCode}); its lines are left out of this answer.")]
        public static partial void WorkerLogsFailed(ILogger logger, Uri worker, int statusCode, Exception? exception);
    }
}
