using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.FunctionUrls;

/// <summary>What a function URL invokes and how: its registry entry and the payload format its function asked for.</summary>
internal sealed record FunctionUrlRoute(FunctionUrlTarget Target, FunctionUrlPayloadFormat PayloadFormat)
{
    /// <summary>The environment variable a function sets to <c>1.0</c> to receive REST proxy events from its URL.</summary>
    public const string PayloadFormatVariable = "FAAS_URL_PAYLOAD_FORMAT";

    /// <summary>Whether requests must be signed (<c>AWS_IAM</c>); any value but <c>NONE</c> counts, so a bad entry fails closed.</summary>
    public bool RequiresSignature => !string.Equals(Target.AuthType, "NONE", StringComparison.Ordinal);

    /// <summary>Whether the function's output is an HTTP-integration response stream.</summary>
    public bool Streams => string.Equals(Target.InvokeMode, "RESPONSE_STREAM", StringComparison.Ordinal);

    /// <summary>The payload format a function's environment asks for.</summary>
    public static FunctionUrlPayloadFormat FormatOf(IReadOnlyDictionary<string, string>? environment) =>
        environment is not null && environment.TryGetValue(PayloadFormatVariable, out var value) && value.Trim() is "1.0" or "1"
            ? FunctionUrlPayloadFormat.V1
            : FunctionUrlPayloadFormat.V2;
}
