using System.Globalization;
using System.Text.Json;
using Faas.Gateway.Invoke;

namespace Faas.Gateway.Async;

/// <summary>
/// Lambda's destination invocation record: version, timestamp, <c>requestContext</c> (request id, qualified function
/// ARN, condition, approximate invoke count), the original <c>requestPayload</c>, and when an attempt ran its
/// <c>responseContext</c> and <c>responsePayload</c>.
/// </summary>
internal static class DestinationRecord
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 4096 };

    /// <param name="functionArn">The function's ARN qualified with the qualifier invoked (<c>$LATEST</c> when none).</param>
    /// <param name="response">The last attempt's answer, or null when the event expired before it could run.</param>
    /// <param name="invokeCount">Attempts that ran, this one included.</param>
    public static byte[] Build(AsyncEvent asyncEvent, string functionArn, string condition, int invokeCount, InvocationResponse? response, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("requestContext");
            json.WriteString("requestId", asyncEvent.RequestId);
            json.WriteString("functionArn", functionArn);
            json.WriteString("condition", condition);
            json.WriteNumber("approximateInvokeCount", invokeCount);
            json.WriteEndObject();
            json.WritePropertyName("requestPayload");
            WriteJsonOrString(json, asyncEvent.Payload);
            if (response is not null)
            {
                json.WriteStartObject("responseContext");
                json.WriteNumber("statusCode", response.Error?.StatusCode ?? 200);
                if (response.ExecutedVersion is not null)
                {
                    json.WriteString("executedVersion", response.ExecutedVersion);
                }

                if (response.FunctionError is not null)
                {
                    json.WriteString("functionError", response.FunctionError);
                }

                json.WriteEndObject();
                json.WritePropertyName("responsePayload");
                if (response.Error is { } error)
                {
                    json.WriteStartObject();
                    json.WriteString("errorType", error.ErrorType);
                    json.WriteString("errorMessage", error.Message);
                    json.WriteEndObject();
                }
                else
                {
                    WriteJsonOrString(json, response.Payload.Span);
                }
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // Payloads are JSON (the Invoke API checks); a function's output may not be, and then goes as a string. Empty is null.
    private static void WriteJsonOrString(Utf8JsonWriter json, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            json.WriteNullValue();
            return;
        }

        if (IsJson(bytes))
        {
            json.WriteRawValue(bytes, skipInputValidation: true);
            return;
        }

        json.WriteStringValue(System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static bool IsJson(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
