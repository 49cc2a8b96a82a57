using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Faas.Gateway.FunctionUrls;

/// <summary>The HTTP answer a function URL gives: status, headers, cookies (each a <c>Set-Cookie</c>) and body.</summary>
internal sealed record FunctionUrlResponse(int StatusCode, List<KeyValuePair<string, string>> Headers, List<string> Cookies, ReadOnlyMemory<byte> Body)
{
    public const string JsonContentType = "application/json";

    /// <summary>The content type of HTTP-integration response streams: a JSON prelude, eight NUL bytes, then the body.</summary>
    public const string HttpIntegrationContentType = "application/vnd.awslambda.http-integration-response";

    // Lambda never lets a function set these: they describe the connection, not the content.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Proxy-Connection", "x-amzn-RequestId",
    };

    /// <summary>
    /// Maps a function's buffered output to the HTTP answer (payload format 2.0 rules, which also read 1.0's
    /// <c>multiValueHeaders</c>): a JSON object with <c>statusCode</c> gives status, headers, cookies and body (base64-decoded
    /// when <c>isBase64Encoded</c>); any other valid JSON (an object without <c>statusCode</c>, a string, a number) is
    /// returned as is with 200 and <c>application/json</c>. Null when the output cannot be mapped (Lambda answers 502).
    /// </summary>
    public static FunctionUrlResponse? FromBuffered(ReadOnlyMemory<byte> payload, out string? problem)
    {
        problem = null;
        if (payload.IsEmpty)
        {
            // A handler that returns nothing: an empty 200.
            return new FunctionUrlResponse(200, [new("Content-Type", JsonContentType)], [], ReadOnlyMemory<byte>.Empty);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            problem = "the function's response is not valid JSON";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out _))
            {
                return new FunctionUrlResponse(200, [new("Content-Type", JsonContentType)], [], payload);
            }

            return FromProxyObject(root, bodyFromStream: null, out problem);
        }
    }

    /// <summary>
    /// Maps the output of a <c>RESPONSE_STREAM</c> URL's function: an HTTP-integration stream (JSON prelude with status,
    /// headers and cookies, eight NUL bytes, the body), or else the raw bytes as a 200 body.
    /// </summary>
    public static FunctionUrlResponse? FromStream(ReadOnlyMemory<byte> payload, out string? problem)
    {
        problem = null;
        var separator = payload.Span.IndexOf("\0\0\0\0\0\0\0\0"u8);
        if (separator > 0 && payload.Span[0] == (byte)'{')
        {
            try
            {
                using var prelude = JsonDocument.Parse(payload[..separator]);
                if (prelude.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return FromProxyObject(prelude.RootElement, payload[(separator + 8)..], out problem);
                }
            }
            catch (JsonException)
            {
                // Not a prelude: the stream is the body.
            }
        }

        return new FunctionUrlResponse(200, [new("Content-Type", "application/octet-stream")], [], payload);
    }

    private static FunctionUrlResponse? FromProxyObject(JsonElement root, ReadOnlyMemory<byte>? bodyFromStream, out string? problem)
    {
        problem = null;
        if (!TryReadStatus(root, out var status))
        {
            problem = "'statusCode' must be a number from 100 to 599";
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("headers", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in single.EnumerateObject())
            {
                if (!TryScalar(header.Value, out var value))
                {
                    problem = $"the value of header '{header.Name}' must be a string";
                    return null;
                }

                if (value is not null)
                {
                    headers.Add(new(header.Name, value));
                }
            }
        }

        // Where a name is in both, multiValueHeaders wins, as API Gateway merges them.
        if (root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in multi.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                headers.RemoveAll(h => h.Key.Equals(header.Name, StringComparison.OrdinalIgnoreCase));
                foreach (var item in header.Value.EnumerateArray())
                {
                    if (!TryScalar(item, out var value))
                    {
                        problem = $"the values of header '{header.Name}' must be strings";
                        return null;
                    }

                    if (value is not null)
                    {
                        headers.Add(new(header.Name, value));
                    }
                }
            }
        }

        foreach (var (name, value) in headers)
        {
            if (!IsToken(name) || !IsFieldValue(value))
            {
                problem = $"header '{name}' has a name or value HTTP does not allow";
                return null;
            }
        }

        headers.RemoveAll(static h => ReservedHeaders.Contains(h.Key));
        var cookies = new List<string>();
        if (root.TryGetProperty("cookies", out var cookieArray) && cookieArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var cookie in cookieArray.EnumerateArray())
            {
                if (cookie.ValueKind != JsonValueKind.String || !IsFieldValue(cookie.GetString()!))
                {
                    problem = "'cookies' must be an array of strings";
                    return null;
                }

                cookies.Add(cookie.GetString()!);
            }
        }

        if (!headers.Exists(static h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Type", JsonContentType));
        }

        if (bodyFromStream is { } streamed)
        {
            return new FunctionUrlResponse(status, headers, cookies, streamed);
        }

        var base64 = root.TryGetProperty("isBase64Encoded", out var flag)
            && (flag.ValueKind == JsonValueKind.True || (flag.ValueKind == JsonValueKind.String && bool.TryParse(flag.GetString(), out var parsed) && parsed));
        ReadOnlyMemory<byte> body = ReadOnlyMemory<byte>.Empty;
        if (root.TryGetProperty("body", out var bodyElement))
        {
            switch (bodyElement.ValueKind)
            {
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    break;
                case JsonValueKind.String when base64:
                    if (!TryDecodeBase64(bodyElement, out body))
                    {
                        problem = "'body' is not valid base64 although 'isBase64Encoded' is true";
                        return null;
                    }

                    break;
                case JsonValueKind.String:
                    body = Encoding.UTF8.GetBytes(bodyElement.GetString()!);
                    break;
                default:
                    // A body that is itself JSON (an object, a number) is sent as its JSON text.
                    body = Encoding.UTF8.GetBytes(bodyElement.GetRawText());
                    break;
            }
        }

        return new FunctionUrlResponse(status, headers, cookies, body);
    }

    private static bool TryReadStatus(JsonElement root, out int status)
    {
        var element = root.GetProperty("statusCode");
        status = 0;
        var ok = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt32(out status),
            JsonValueKind.String => int.TryParse(element.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out status),
            _ => false,
        };
        return ok && status is >= 100 and <= 599;
    }

    private static bool TryScalar(JsonElement element, out string? value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                value = element.GetString();
                return true;
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                value = element.GetRawText();
                return true;
            case JsonValueKind.Null:
                value = null;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private static bool TryDecodeBase64(JsonElement element, out ReadOnlyMemory<byte> bytes)
    {
        var text = element.GetString()!;
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer.AsMemory(0, written);
            return true;
        }

        bytes = default;
        return false;
    }

    // RFC 9110 token characters.
    private static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                return false;
            }
        }

        return true;
    }

    // Visible ASCII, space and tab: what Kestrel sends without a custom encoding, and never a line break.
    private static bool IsFieldValue(string value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && (c < 0x20 || c > 0x7E))
            {
                return false;
            }
        }

        return true;
    }
}
