using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Faas.Idempotency;

/// <summary>
/// Record keys and validation hashes. A record key is <c>faas:idempotency:{scope}#{sha256 hex of the key material}</c>,
/// Powertools' <c>{function name}#{hash}</c> under a prefix: the gateway's scope is the function name, a handler's is
/// <c>{function name}.{name}</c>, so the two never share a record.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The prefix of every record key.</summary>
    public const string Prefix = "faas:idempotency:";

    /// <summary>The record key for <paramref name="material"/> (a header value, the JSON an event key path selected, ...).</summary>
    public static string For(string scope, ReadOnlySpan<byte> material)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(material, hash);
        return string.Concat(Prefix, scope, "#", Convert.ToHexStringLower(hash));
    }

    /// <summary>The record key for a text key (e.g. an <c>Idempotency-Key</c> header).</summary>
    public static string For(string scope, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return For(scope, Encoding.UTF8.GetBytes(key));
    }

    /// <summary>
    /// The record key of a Kafka record: its topic, partition and offset, which stay the same however often the record
    /// is delivered. For event-source pollers and the async dispatcher, so at-least-once delivery runs a handler once.
    /// </summary>
    public static string ForRecord(string scope, string topic, int partition, long offset)
        => For(scope, string.Create(CultureInfo.InvariantCulture, $"{topic}/{partition}/{offset}"));

    /// <summary>All records of a scope, as a Redis <c>SCAN MATCH</c> pattern (scopes are function names: no glob characters).</summary>
    public static string ScopePattern(string scope) => string.Concat(Prefix, scope, "#*");

    /// <summary>The <c>validation</c> hash of a payload: SHA-256 of its bytes, base64.</summary>
    public static string Validation(ReadOnlySpan<byte> payload)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, hash);
        return Convert.ToBase64String(hash);
    }
}
