using System.Globalization;

namespace Faas.Host.Hosting;

/// <summary>A snapshot of the Lambda variables the host needs, taken once after specialisation.</summary>
internal sealed record HostSettings
{
    /// <summary>The <c>_HANDLER</c> string.</summary>
    public string? Handler { get; init; }

    /// <summary>The code directory (<c>LAMBDA_TASK_ROOT</c>); the working directory when unset.</summary>
    public string TaskRoot { get; init; } = "";

    /// <summary>The function name (<c>AWS_LAMBDA_FUNCTION_NAME</c>).</summary>
    public string FunctionName { get; init; } = "";

    /// <summary>The function version (<c>AWS_LAMBDA_FUNCTION_VERSION</c>).</summary>
    public string FunctionVersion { get; init; } = "$LATEST";

    /// <summary>The function memory in MB (<c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>); 0 when unknown.</summary>
    public int MemoryMb { get; init; }

    /// <summary>The log group (<c>AWS_LAMBDA_LOG_GROUP_NAME</c>).</summary>
    public string LogGroupName { get; init; } = "";

    /// <summary>The log stream (<c>AWS_LAMBDA_LOG_STREAM_NAME</c>).</summary>
    public string LogStreamName { get; init; } = "";

    /// <summary>Reads the settings from the process environment.</summary>
    public static HostSettings FromEnvironment()
    {
        return new HostSettings
        {
            Handler = EnvironmentVariables.Get("_HANDLER"),
            TaskRoot = EnvironmentVariables.Get("LAMBDA_TASK_ROOT") ?? Environment.CurrentDirectory,
            FunctionName = EnvironmentVariables.Get("AWS_LAMBDA_FUNCTION_NAME") ?? "",
            FunctionVersion = EnvironmentVariables.Get("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST",
            MemoryMb = int.TryParse(EnvironmentVariables.Get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out var mb) ? mb : 0,
            LogGroupName = EnvironmentVariables.Get("AWS_LAMBDA_LOG_GROUP_NAME") ?? "",
            LogStreamName = EnvironmentVariables.Get("AWS_LAMBDA_LOG_STREAM_NAME") ?? "",
        };
    }
}
