using System.Buffers;
using System.Text.Json;
using Faas.Gateway.Invoke;

namespace Faas.Gateway.Idempotency;

/// <summary>
/// A completed invocation's answer as the record's <c>data</c>:
/// <c>{"statusCode":200,"headers":{"Content-Type":...,"X-Amz-Executed-Version":...[,"X-Amz-Function-Error":...]},"body":"&lt;base64&gt;"}</c>.
/// The log tail is not kept: it belongs to the run, not to the duplicates.
/// </summary>
internal static class StoredResponse
{
    public static byte[] Encode(InvocationResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(response.Payload.Length / 3 * 4 + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("statusCode", 200);
            json.WriteStartObject("headers");
            json.WriteString("Content-Type", response.ContentType ?? "application/json");
            if (response.ExecutedVersion is { } version)
            {
                json.WriteString("X-Amz-Executed-Version", version);
            }

            if (response.FunctionError is { } functionError)
            {
                json.WriteString("X-Amz-Function-Error", functionError);
            }

            json.WriteEndObject();
            json.WriteBase64String("body", response.Payload.Span);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The answer stored in <paramref name="data"/>, or null when it is not one this gateway wrote.</summary>
    public static InvocationResponse? Decode(ReadOnlyMemory<byte> data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            var headers = root.GetProperty("headers");
            return new InvocationResponse
            {
                Payload = root.GetProperty("body").GetBytesFromBase64(),
                ContentType = Header(headers, "Content-Type"),
                ExecutedVersion = Header(headers, "X-Amz-Executed-Version"),
                FunctionError = Header(headers, "X-Amz-Function-Error"),
                Replayed = true,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? Header(JsonElement headers, string name)
        => headers.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
