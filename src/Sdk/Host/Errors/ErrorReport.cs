using System.Text.Json;
using Faas.Host.Json;

namespace Faas.Host.Errors;

/// <summary>Builds Lambda error bodies from exceptions and writes them as JSON capped at 256 KB, as .NET's runtime does.</summary>
internal static class ErrorReport
{
    /// <summary>The largest error JSON sent (LAMBDA-COMPAT 6: ".NET error JSON truncated at 256 KB").</summary>
    public const int MaxBytes = 256 * 1024;

    private const int MaxDepth = 16;

    /// <summary>Describes <paramref name="exception"/>: its short type name, message, stack lines and inner exceptions.</summary>
    public static ErrorBody FromException(Exception exception) => FromException(exception, 0);

    /// <summary>Describes a host-detected failure with a Lambda error type and no stack.</summary>
    public static ErrorBody FromMessage(string errorType, string message) => new() { ErrorType = errorType, ErrorMessage = message };

    /// <summary>Serializes <paramref name="body"/>, dropping causes, then the stack, then cutting the message until it fits <see cref="MaxBytes"/>.</summary>
    public static byte[] ToJson(ErrorBody body)
    {
        var json = Serialize(body);
        if (json.Length <= MaxBytes)
        {
            return json;
        }

        var trimmed = new ErrorBody { ErrorType = body.ErrorType, ErrorMessage = body.ErrorMessage, StackTrace = body.StackTrace };
        json = Serialize(trimmed);
        if (json.Length <= MaxBytes)
        {
            return json;
        }

        trimmed.StackTrace = null;
        json = Serialize(trimmed);
        if (json.Length <= MaxBytes)
        {
            return json;
        }

        // One char of the message is at most 6 bytes of escaped JSON; cut to a size that surely fits.
        var message = trimmed.ErrorMessage ?? "";
        trimmed.ErrorMessage = message[..Math.Min(message.Length, (MaxBytes - 1024) / 6)];
        return Serialize(trimmed);
    }

    private static byte[] Serialize(ErrorBody body) => JsonSerializer.SerializeToUtf8Bytes(body, HostJsonContext.Default.ErrorBody);

    private static ErrorBody FromException(Exception exception, int depth)
    {
        var body = new ErrorBody
        {
            ErrorType = exception.GetType().Name,
            ErrorMessage = exception.Message,
            StackTrace = StackLines(exception.StackTrace),
        };
        if (depth >= MaxDepth)
        {
            return body;
        }

        if (exception.InnerException is { } inner)
        {
            body.Cause = FromException(inner, depth + 1);
        }

        if (exception is AggregateException aggregate)
        {
            var inners = aggregate.InnerExceptions;
            var causes = new ErrorBody[inners.Count];
            for (var i = 0; i < causes.Length; i++)
            {
                causes[i] = FromException(inners[i], depth + 1);
            }

            body.Causes = causes;
        }

        return body;
    }

    private static string[] StackLines(string? stackTrace)
    {
        if (string.IsNullOrEmpty(stackTrace))
        {
            return [];
        }

        return stackTrace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
