using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.Async;

/// <summary>
/// An accepted asynchronous invocation as it travels through Kafka: the payload is the message value, the request id
/// its key, and everything else a header (<c>faas-function</c> is the only one required, so an outside producer such
/// as kcat can queue an invocation too).
/// </summary>
internal sealed record AsyncEvent
{
    public const string FunctionHeader = "faas-function";
    public const string QualifierHeader = "faas-qualifier";
    public const string RequestIdHeader = "faas-request-id";
    public const string AcceptedAtHeader = "faas-accepted-at";
    public const string AttemptsHeader = "faas-attempts";
    public const string ThrottlesHeader = "faas-throttles";
    public const string NotBeforeHeader = "faas-not-before";
    public const string TraceIdHeader = "faas-trace-id";
    public const string IdempotencyKeyHeader = "faas-idempotency-key";

    public required string FunctionName { get; init; }

    /// <summary>The qualifier the caller invoked (version or alias), or null for <c>$LATEST</c>.</summary>
    public string? Qualifier { get; init; }

    /// <summary>The request id of the Invoke call; every attempt runs with it, as in Lambda.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the event was accepted; its age counts from here.</summary>
    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>Attempts that ended in a function error so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Attempts refused by a throttle or a system error so far (these do not count as attempts).</summary>
    public int Throttles { get; init; }

    /// <summary>The event must not run before this time (a retry's delay).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The caller's <c>X-Amzn-Trace-Id</c>.</summary>
    public string? TraceId { get; init; }

    /// <summary>The caller's <c>Idempotency-Key</c>, for a function whose idempotency config takes its key from it.</summary>
    public string? IdempotencyKey { get; init; }

    public required byte[] Payload { get; init; }

    public Message<byte[]?, byte[]?> ToMessage()
    {
        var headers = new Headers
        {
            { FunctionHeader, Encoding.UTF8.GetBytes(FunctionName) },
            { RequestIdHeader, Encoding.UTF8.GetBytes(RequestId) },
            { AcceptedAtHeader, Number(AcceptedAt.ToUnixTimeMilliseconds()) },
        };
        if (Qualifier is not null)
        {
            headers.Add(QualifierHeader, Encoding.UTF8.GetBytes(Qualifier));
        }

        if (Attempts > 0)
        {
            headers.Add(AttemptsHeader, Number(Attempts));
        }

        if (Throttles > 0)
        {
            headers.Add(ThrottlesHeader, Number(Throttles));
        }

        if (NotBefore is { } notBefore)
        {
            headers.Add(NotBeforeHeader, Number(notBefore.ToUnixTimeMilliseconds()));
        }

        if (TraceId is not null)
        {
            headers.Add(TraceIdHeader, Encoding.UTF8.GetBytes(TraceId));
        }

        if (IdempotencyKey is not null)
        {
            headers.Add(IdempotencyKeyHeader, Encoding.UTF8.GetBytes(IdempotencyKey));
        }

        return new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(RequestId), Value = Payload, Headers = headers };
    }

    /// <summary>A destination record queued for a function destination: a new event of its own, accepted now.</summary>
    public static AsyncEvent ForDestination(DestinationArn target, byte[] record, DateTimeOffset acceptedAt) => new()
    {
        FunctionName = target.FunctionName!,
        Qualifier = target.Qualifier,
        RequestId = Guid.NewGuid().ToString(),
        AcceptedAt = acceptedAt,
        Payload = record,
    };

    /// <summary>
    /// Reads an event from a consumed message; null when it names no function. Missing members take what the message
    /// itself says: the request id is derived from its position, the acceptance time is its timestamp.
    /// </summary>
    public static AsyncEvent? FromMessage(ConsumeResult<byte[]?, byte[]?> result)
    {
        var message = result.Message;
        var headers = message.Headers;
        if (Text(headers, FunctionHeader) is not { Length: > 0 } function)
        {
            return null;
        }

        var timestamp = message.Timestamp.Type == TimestampType.NotAvailable ? DateTimeOffset.UtcNow : DateTimeOffset.FromUnixTimeMilliseconds(message.Timestamp.UnixTimestampMs);
        return new AsyncEvent
        {
            FunctionName = function,
            Qualifier = Text(headers, QualifierHeader) is { Length: > 0 } qualifier ? qualifier : null,
            RequestId = Text(headers, RequestIdHeader) ?? DerivedRequestId(result.TopicPartitionOffset),
            AcceptedAt = Long(headers, AcceptedAtHeader) is { } accepted ? DateTimeOffset.FromUnixTimeMilliseconds(accepted) : timestamp,
            Attempts = (int)Math.Clamp(Long(headers, AttemptsHeader) ?? 0, 0, 100),
            Throttles = (int)Math.Clamp(Long(headers, ThrottlesHeader) ?? 0, 0, 10_000),
            NotBefore = Long(headers, NotBeforeHeader) is { } notBefore ? DateTimeOffset.FromUnixTimeMilliseconds(notBefore) : null,
            TraceId = Text(headers, TraceIdHeader),
            IdempotencyKey = Text(headers, IdempotencyKeyHeader),
            Payload = message.Value ?? [],
        };
    }

    // A stable id for an event queued without one, so every attempt and its destination record share it.
    private static string DerivedRequestId(TopicPartitionOffset position)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{position.Topic}/{position.Partition.Value}/{position.Offset.Value}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static byte[] Number(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static string? Text(Headers? headers, string name)
        => headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static long? Long(Headers? headers, string name)
        => headers is not null && headers.TryGetLastBytes(name, out var bytes) && Utf8Parser.TryParse(bytes, out long value, out var consumed) && consumed == bytes.Length ? value : null;
}
