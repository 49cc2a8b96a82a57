using System.Globalization;
using Faas.Worker.Environments;
using Microsoft.AspNetCore.Http;

namespace Faas.Worker.Invocations;

/// <summary>
/// The invoke endpoint's answer, whatever carries it: status, Lambda's headers and the body. It owns the function's
/// output buffer until disposed; <see cref="Answered"/> is called once the caller has it.
/// </summary>
internal sealed class InvokeAnswer : IDisposable
{
    private InvocationOutcome? _outcome;
    private ExecutionEnvironment? _environment;
    private string? _executedVersion;
    private string? _durationMs;
    private string? _initDurationMs;
    private string? _logResult;
    private string? _errorType;
    private bool _functionError;

    private InvokeAnswer(string requestId, int statusCode, ReadOnlyMemory<byte> body, string contentType)
    {
        RequestId = requestId;
        StatusCode = statusCode;
        Body = body;
        ContentType = contentType;
    }

    /// <summary>The invocation's request id (<c>x-amzn-RequestId</c>).</summary>
    public string RequestId { get; }

    /// <summary>200 when the function ran (even when it failed), else the worker's error status.</summary>
    public int StatusCode { get; }

    /// <summary>The function's output, its error JSON, or the worker's error JSON.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body's content type.</summary>
    public string ContentType { get; }

    /// <summary>A worker-level error in Lambda's shape: <c>x-amzn-ErrorType</c> and a JSON body with the message member.</summary>
    public static InvokeAnswer ApiError(string requestId, int status, string errorType, string message, bool upperCaseMessage)
        => new(requestId, status, LambdaErrorJson.SerializeApiError(message, upperCaseMessage), "application/json") { _errorType = errorType };

    /// <summary>An invocation the environment ran; the answer takes over <paramref name="result"/>'s outcome.</summary>
    public static InvokeAnswer Ran(string requestId, ExecutionEnvironment environment, InvocationResult result, bool logTail)
    {
        var outcome = result.Outcome!;
        var contentType = outcome.IsFunctionError || string.IsNullOrEmpty(outcome.ContentType) ? "application/json" : outcome.ContentType;
        return new InvokeAnswer(requestId, StatusCodes.Status200OK, outcome.Body, contentType)
        {
            _outcome = outcome,
            _environment = environment,
            _executedVersion = environment.Spec.Version,
            _durationMs = result.DurationMs.ToString("F3", CultureInfo.InvariantCulture),
            _initDurationMs = result.InitDurationMs?.ToString("F3", CultureInfo.InvariantCulture),
            _functionError = outcome.IsFunctionError,
            _logResult = logTail ? result.LogTail : null,
        };
    }

    /// <summary>The response headers, besides the content type and length.</summary>
    public IEnumerable<(string Name, string Value)> Headers()
    {
        yield return ("x-amzn-RequestId", RequestId);
        if (_errorType is not null)
        {
            yield return ("x-amzn-ErrorType", _errorType);
        }

        if (_executedVersion is not null)
        {
            yield return ("X-Amz-Executed-Version", _executedVersion);
        }

        if (_durationMs is not null)
        {
            yield return ("X-Faas-Duration-Ms", _durationMs);
        }

        if (_initDurationMs is not null)
        {
            yield return ("X-Faas-Init-Duration-Ms", _initDurationMs);
        }

        if (_functionError)
        {
            yield return ("X-Amz-Function-Error", "Unhandled");
        }

        if (_logResult is not null)
        {
            yield return ("X-Amz-Log-Result", _logResult);
        }
    }

    /// <summary>The caller has the answer: the environment writes its END and REPORT lines now, off the caller's path.</summary>
    public void Answered() => Interlocked.Exchange(ref _environment, null)?.WritePendingReport();

    public void Dispose() => Interlocked.Exchange(ref _outcome, null)?.Dispose();
}
