using System.Text.Json.Serialization;

namespace Faas.Host.Json;

/// <summary>The body of <c>GET /2018-06-01/faas/specialize</c>: <c>{"environment":{"NAME":"value",...}}</c>.</summary>
internal sealed class SpecializeBody
{
    /// <summary>Every variable the function's environment must have.</summary>
    [JsonPropertyName("environment")]
    public Dictionary<string, string>? Environment { get; set; }
}
