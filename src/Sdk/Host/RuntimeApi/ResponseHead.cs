using System.Globalization;
using System.Text;

namespace Faas.Host.RuntimeApi;

/// <summary>
/// The status line and headers of one HTTP/1.1 answer of the Runtime API: the body framing, and the <c>Lambda-Runtime-*</c>
/// headers of a <c>next</c> answer as strings (the only per-request allocations of the parse).
/// </summary>
internal struct ResponseHead
{
    /// <summary>The status code.</summary>
    public int StatusCode;

    /// <summary>The <c>Content-Length</c>; -1 when absent.</summary>
    public long ContentLength;

    /// <summary>True when the body is sent with <c>Transfer-Encoding: chunked</c>.</summary>
    public bool Chunked;

    /// <summary>True when the server closes the connection after this answer (<c>Connection: close</c> or HTTP/1.0).</summary>
    public bool Close;

    /// <summary><c>Lambda-Runtime-Aws-Request-Id</c>.</summary>
    public string? RequestId;

    /// <summary><c>Lambda-Runtime-Deadline-Ms</c>; 0 when absent or invalid.</summary>
    public long DeadlineMs;

    /// <summary><c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
    public string? InvokedFunctionArn;

    /// <summary><c>Lambda-Runtime-Trace-Id</c>.</summary>
    public string? TraceId;

    /// <summary><c>Lambda-Runtime-Client-Context</c>.</summary>
    public string? ClientContext;

    /// <summary><c>Lambda-Runtime-Cognito-Identity</c>.</summary>
    public string? CognitoIdentity;

    /// <summary><c>Lambda-Runtime-Aws-Tenant-Id</c>.</summary>
    public string? TenantId;

    /// <summary>True when the answer has no body whatever its headers say (1xx, 204, 304).</summary>
    public readonly bool HasNoBody => StatusCode is < 200 or 204 or 304;

    /// <summary>
    /// Parses a complete head (status line, headers, empty line) at the start of <paramref name="buffer"/>.
    /// Returns false when the empty line has not arrived yet; throws <see cref="FormatException"/> for a malformed head.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out ResponseHead head, out int consumed)
    {
        head = default;
        consumed = 0;
        var end = buffer.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        consumed = end + 4;
        var lines = buffer[..(end + 2)];
        head.ContentLength = -1;

        // 1. Status line: HTTP/1.x SP 3DIGIT [SP reason]
        var eol = lines.IndexOf("\r\n"u8);
        var status = lines[..eol];
        if (status.Length < 12 || !status.StartsWith("HTTP/1."u8) || status[8] != (byte)' '
            || !int.TryParse(status.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out head.StatusCode))
        {
            throw new FormatException("The Runtime API sent an invalid status line.");
        }

        head.Close = status[7] == (byte)'0';
        lines = lines[(eol + 2)..];

        // 2. Headers: name ":" OWS value OWS; names are case-insensitive.
        while (!lines.IsEmpty)
        {
            eol = lines.IndexOf("\r\n"u8);
            var line = lines[..eol];
            lines = lines[(eol + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new FormatException("The Runtime API sent an invalid header line.");
            }

            head.Apply(line[..colon], line[(colon + 1)..].Trim(" \t"u8));
        }

        return true;
    }

    private void Apply(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ContentLength))
            {
                throw new FormatException("The Runtime API sent an invalid Content-Length.");
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            Chunked = EndsWithToken(value, "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            Close |= HasToken(value, "close"u8);
        }
        else if (name.Length > 15 && Ascii.EqualsIgnoreCase(name[..15], "Lambda-Runtime-"u8))
        {
            ApplyLambda(name[15..], value);
        }
    }

    private void ApplyLambda(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Ascii.EqualsIgnoreCase(name, "Aws-Request-Id"u8))
        {
            RequestId = Join(RequestId, value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Deadline-Ms"u8))
        {
            _ = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out DeadlineMs);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Invoked-Function-Arn"u8))
        {
            InvokedFunctionArn = Join(InvokedFunctionArn, value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Trace-Id"u8))
        {
            TraceId = Join(TraceId, value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Client-Context"u8))
        {
            ClientContext = Join(ClientContext, value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Cognito-Identity"u8))
        {
            CognitoIdentity = Join(CognitoIdentity, value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Aws-Tenant-Id"u8))
        {
            TenantId = Join(TenantId, value);
        }
    }

    // Header values are Latin-1 on the wire (as HttpClient reads them); a repeated header joins with ", ", empty is absent.
    private static string? Join(string? existing, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return existing;
        }

        var text = Encoding.Latin1.GetString(value);
        return existing is null ? text : existing + ", " + text;
    }

    private static bool EndsWithToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        var comma = value.LastIndexOf((byte)',');
        return Ascii.EqualsIgnoreCase(value[(comma + 1)..].Trim(" \t"u8), token);
    }

    private static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }
}
