using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Faas.Gateway.Auth;

/// <summary>
/// AWS Signature Version 4, computed exactly as botocore signs a non-S3 request (botocore/auth.py, SigV4Auth), so that a
/// signature made by the AWS CLI or an SDK is reproduced byte for byte from what arrives on the wire:
/// <code>
///   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n \n signed headers \n payload hash
///   string to sign    = AWS4-HMAC-SHA256 \n timestamp \n date/region/service/aws4_request \n hex(sha256(canonical request))
///   signing key       = HMAC("AWS4" + secret, date) -> region -> service -> "aws4_request"
///   signature         = hex(HMAC(signing key, string to sign))
/// </code>
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public const string Terminator = "aws4_request";

    /// <summary>The payload hash a client uses when it chose not to sign the body.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>Hex SHA-256 of no bytes: the payload hash of a request without a body.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string HexUpper = "0123456789ABCDEF";

    /// <summary>
    /// The canonical URI of a non-S3 request: the path as received (still percent-encoded), with empty and dot segments
    /// removed, then percent-encoded once more, so <c>%3A</c> becomes <c>%253A</c> (only unreserved characters and <c>/</c> stay).
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        var normalized = RemoveDotSegments(rawPath);
        var builder = new StringBuilder(normalized.Length + 16);
        AppendEncoded(builder, normalized, keepSlash: true);
        return builder.ToString();
    }

    /// <summary>
    /// The canonical query string: every <c>name=value</c> pair decoded and re-encoded with only <c>A-Za-z0-9-_.~</c> left
    /// as is, sorted by name then value (ordinal), joined with <c>&amp;</c>. A presigned request's own <c>X-Amz-Signature</c> is left out.
    /// </summary>
    public static string CanonicalQuery(string rawQuery, bool omitSignature)
    {
        if (rawQuery.Length == 0)
        {
            return "";
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var pair = rawQuery.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = Encode(Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]));
            var value = equals < 0 ? "" : Encode(Uri.UnescapeDataString(pair[(equals + 1)..]));
            if (omitSignature && name == "X-Amz-Signature")
            {
                continue;
            }

            pairs.Add((name, value));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        var builder = new StringBuilder(rawQuery.Length + 16);
        foreach (var (name, value) in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(value);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The canonical request. Headers are those named in <paramref name="signedHeaders"/>, in that order, each as
    /// <c>name:value</c> where repeated values are joined with commas and each value is trimmed with inner runs of white
    /// space collapsed to one space.
    /// </summary>
    public static string CanonicalRequest(
        string method,
        string canonicalUri,
        string canonicalQuery,
        IHeaderDictionary headers,
        IReadOnlyList<string> signedHeaders,
        string signedHeadersText,
        string payloadHash)
    {
        var builder = new StringBuilder(256);
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(canonicalUri).Append('\n');
        builder.Append(canonicalQuery).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':');
            AppendHeaderValues(builder, headers[name]);
            builder.Append('\n');
        }

        builder.Append('\n');
        builder.Append(signedHeadersText).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>The string to sign for a canonical request.</summary>
    public static string StringToSign(string timestamp, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{timestamp}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>The signing key for one day, region and service.</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Terminator));
    }

    /// <summary>The lower-case hex signature of a string to sign.</summary>
    public static string Signature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Lower-case hex SHA-256, as payload hashes are written.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Whether two signatures are equal, in time independent of where they differ.</summary>
    public static bool SignaturesEqual(string expected, string provided)
    {
        Span<byte> a = stackalloc byte[64];
        Span<byte> b = stackalloc byte[64];
        if (expected.Length != 64 || provided.Length != 64
            || Encoding.ASCII.GetBytes(expected, a) != 64 || Encoding.ASCII.GetBytes(provided, b) != 64)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    // RFC 3986 section 5.2.4, plus dropping empty segments (consecutive slashes), as botocore's remove_dot_segments does.
    private static string RemoveDotSegments(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        var first = path[0] == '/' ? "/" : "";
        var last = path[^1] == '/' && segments.Count > 0 ? "/" : "";
        return first + string.Join('/', segments) + last;
    }

    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        AppendEncoded(builder, value, keepSlash: false);
        return builder.ToString();
    }

    private static void AppendEncoded(StringBuilder builder, string value, bool keepSlash)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = max <= 512 ? null : ArrayPool<byte>.Shared.Rent(max);
        Span<byte> buffer = rented ?? stackalloc byte[512];
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            foreach (var b in buffer[..length])
            {
                if (IsUnreserved(b) || (keepSlash && b == '/'))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private static void AppendHeaderValues(StringBuilder builder, StringValues values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            // botocore: ' '.join(value.split()), i.e. trimmed, with each run of white space made one space.
            var value = values[i] ?? "";
            var pendingSpace = false;
            var wrote = false;
            foreach (var c in value)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = wrote;
                    continue;
                }

                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
                wrote = true;
            }
        }
    }
}
