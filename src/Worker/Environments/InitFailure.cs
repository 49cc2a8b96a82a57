using System.Text;
using Faas.Worker.Invocations;

namespace Faas.Worker.Environments;

/// <summary>Why an environment could not initialise, kept to answer the invocations that find it failed.</summary>
internal sealed record InitFailure(string ErrorType, string ErrorMessage, byte[]? RuntimeBody)
{
    /// <summary>The body the caller gets: the runtime's own init error, or one built by the worker.</summary>
    public byte[] ToBody(string requestId) => RuntimeBody ?? LambdaErrorJson.Serialize(ErrorType, ErrorMessage.Replace("{RequestId}", requestId, StringComparison.Ordinal));

    /// <summary>A failure reported by the runtime through <c>/runtime/init/error</c>.</summary>
    public static InitFailure FromRuntime(string? errorType, byte[] body)
    {
        var type = string.IsNullOrEmpty(errorType) ? "Runtime.Unknown" : errorType;
        if (body.Length == 0)
        {
            return new InitFailure(type, "Runtime failed to initialise.", null);
        }

        return new InitFailure(type, Encoding.UTF8.GetString(body), body);
    }

    /// <summary>The runtime exited during init without reporting why.</summary>
    public static InitFailure Exited(int exitCode) => new(
        "Runtime.ExitError",
        exitCode == 0
            ? "RequestId: {RequestId} Error: Runtime exited without providing a reason"
            : "RequestId: {RequestId} Error: Runtime exited with error: " + EnvironmentProcess.DescribeExit(exitCode),
        null);
}
