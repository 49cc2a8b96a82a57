using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Faas.Worker.Tests.Common;

/// <summary>What a caller of the invoke endpoint sees: status, Lambda's headers and the body.</summary>
public sealed class InvokeResult(HttpStatusCode statusCode, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, byte[] body)
{
    private static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    public HttpStatusCode StatusCode { get; } = statusCode;

    public byte[] Body { get; } = body;

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary><c>X-Amz-Function-Error</c>, e.g. <c>Unhandled</c>, or null on success.</summary>
    public string? FunctionError => Header("X-Amz-Function-Error");

    /// <summary><c>x-amzn-ErrorType</c> of a worker-level (API) error.</summary>
    public string? ApiErrorType => Header("x-amzn-ErrorType");

    public string? RequestId => Header("x-amzn-RequestId");

    public string? ExecutedVersion => Header("X-Amz-Executed-Version");

    /// <summary>The decoded <c>X-Amz-Log-Result</c>, or null when absent.</summary>
    public string? LogTail => Header("X-Amz-Log-Result") is { } value ? Encoding.UTF8.GetString(Convert.FromBase64String(value)) : null;

    public string? Header(string name)
        => headers.TryGetValues(name, out var values) || contentHeaders.TryGetValues(name, out values) ? string.Join(",", values) : null;

    /// <summary>Deserializes the body as a handler's JSON output (property names matched case-insensitively).</summary>
    public T ReadJson<T>() => JsonSerializer.Deserialize<T>(Body, CaseInsensitive)
        ?? throw new InvalidOperationException($"The body is JSON null: {BodyText}");

    /// <summary>Reads Lambda's function error body <c>{"errorType","errorMessage","stackTrace"}</c>.</summary>
    public LambdaError ReadError()
    {
        using var document = JsonDocument.Parse(Body);
        return LambdaError.From(document.RootElement);
    }

    public override string ToString()
        => $"{(int)StatusCode} {StatusCode} FunctionError={FunctionError} ErrorType={ApiErrorType} Body={(Body.Length > 2000 ? BodyText[..2000] + "..." : BodyText)}";
}

/// <summary>Lambda's error JSON, with .NET's nested <c>cause</c>.</summary>
public sealed record LambdaError(string? ErrorType, string? ErrorMessage, IReadOnlyList<string> StackTrace, LambdaError? Cause)
{
    public static LambdaError From(JsonElement element)
    {
        static string? Text(JsonElement e, string name)
            => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

        var stack = element.TryGetProperty("stackTrace", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(x => x.ToString()).ToList()
            : [];
        var cause = element.TryGetProperty("cause", out var c) && c.ValueKind == JsonValueKind.Object ? From(c) : null;
        return new LambdaError(Text(element, "errorType"), Text(element, "errorMessage"), stack, cause);
    }
}
