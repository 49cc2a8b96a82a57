namespace Faas.Cli.Api;

/// <summary>What a synchronous Invoke answered.</summary>
/// <param name="StatusCode">The HTTP status (200 for a completed invocation, also when the function failed).</param>
/// <param name="Payload">The function's response, or its error JSON when <paramref name="FunctionError"/> is set.</param>
/// <param name="FunctionError"><c>X-Amz-Function-Error</c> (e.g. <c>Unhandled</c>), or null on success.</param>
/// <param name="ExecutedVersion"><c>X-Amz-Executed-Version</c>.</param>
/// <param name="Log">The decoded log tail when it was asked for, else null.</param>
/// <param name="RequestId"><c>x-amzn-RequestId</c>.</param>
internal sealed record InvokeResult(int StatusCode, byte[] Payload, string? FunctionError, string? ExecutedVersion, string? Log, string? RequestId);
