using System.Globalization;
using System.Text.Json;
using Faas.Contracts.Logs;
using Faas.Worker.Invocations;
using Microsoft.AspNetCore.Http;

namespace Faas.Worker.Logs;

/// <summary>
/// Serves this worker's log lines of one function (<c>GET /worker/v1/functions/{name}/logs?since=&amp;limit=&amp;cursor=</c>)
/// to the gateway, which merges the answers of all workers. The answer is
/// <c>{"events":[{"timestamp":ms,"message":"...","logStreamName":"...","next":offset}]}</c>, ordered by time.
/// </summary>
internal sealed class WorkerLogsEndpoint(FunctionLogReader reader)
{
    /// <summary>The path template of the endpoint.</summary>
    public const string Route = "/worker/v1/functions/{functionName}/logs";

    /// <summary>Lines returned when the caller gives no limit.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>The largest limit accepted, CloudWatch's.</summary>
    public const int MaxLimit = 10000;

    public async Task HandleAsync(HttpContext context)
    {
        var functionName = (string)context.Request.RouteValues["functionName"]!;
        var query = context.Request.Query;
        if (!IsFunctionName(functionName))
        {
            await WriteErrorAsync(context, $"'{functionName}' is not a function name.");
            return;
        }

        long? since = null;
        if (query["since"].ToString() is { Length: > 0 } sinceText)
        {
            if (!long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await WriteErrorAsync(context, "since must be a Unix time in milliseconds.");
                return;
            }

            since = parsed;
        }

        var limit = DefaultLimit;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            await WriteErrorAsync(context, $"limit must be 1-{MaxLimit}.");
            return;
        }

        if (LogCursor.TryParse(query["cursor"].ToString()) is not { } cursor)
        {
            await WriteErrorAsync(context, "cursor is not a token this service returned.");
            return;
        }

        // File reads block; the worker's I/O threads must not (their completions run inline).
        var events = await Task.Run(() => reader.Read(functionName, since, cursor, limit, context.RequestAborted), context.RequestAborted);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("events");
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteNumber("timestamp", e.Timestamp);
            json.WriteString("message", e.Message);
            json.WriteString("logStreamName", e.LogStreamName);
            json.WriteNumber("next", e.Next);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    // Lambda's function names: letters, digits, hyphens and underscores, at most 64. Nothing else reaches the disk.
    private static bool IsFunctionName(string name) =>
        name.Length is > 0 and <= 64 && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static async Task WriteErrorAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.Headers["x-amzn-ErrorType"] = "InvalidParameterValueException";
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(LambdaErrorJson.SerializeApiError(message, upperCaseMessage: false), context.RequestAborted);
    }
}
