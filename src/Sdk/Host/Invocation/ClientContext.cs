using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

namespace Faas.Host.Invocation;

/// <summary>The <c>Lambda-Runtime-Client-Context</c> JSON: <c>{"client":{...},"custom":{...},"env":{...}}</c>.</summary>
internal sealed class ClientContext : IClientContext
{
    [JsonPropertyName("client")]
    public ClientApplication? Client { get; set; }

    [JsonPropertyName("custom")]
    public Dictionary<string, string>? Custom { get; set; }

    [JsonPropertyName("env")]
    public Dictionary<string, string>? Environment { get; set; }

    IDictionary<string, string> IClientContext.Environment => Environment!;

    IClientApplication IClientContext.Client => Client!;

    IDictionary<string, string> IClientContext.Custom => Custom!;
}
