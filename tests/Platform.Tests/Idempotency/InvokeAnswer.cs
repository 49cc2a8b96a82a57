using System.Text.Json;
using Faas.Gateway.Invoke;

namespace Faas.Platform.Tests.Idempotency;

/// <summary>What an invocation answered, read whole.</summary>
public sealed record InvokeAnswer(int Status, string Body, string? ErrorType, string? FunctionError, bool Replayed, bool HasRequestId)
{
    public static async Task<InvokeAnswer> ReadAsync(HttpResponseMessage response) => new(
        (int)response.StatusCode,
        await response.Content.ReadAsStringAsync(),
        Header(response, "x-amzn-ErrorType"),
        Header(response, "X-Amz-Function-Error"),
        Header(response, InvokeEndpoint.ReplayedHeader) == "replayed",
        Header(response, "x-amzn-RequestId") is not null);

    /// <summary>The <c>run</c> number the probe answered.</summary>
    public int Run => JsonDocument.Parse(Body).RootElement.GetProperty("Run").GetInt32();

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
