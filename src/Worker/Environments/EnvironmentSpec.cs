using System.Text.RegularExpressions;
using Faas.Worker.Control;

namespace Faas.Worker.Environments;

/// <summary>An immutable, validated description of the function an environment runs.</summary>
internal sealed partial record EnvironmentSpec(
    string FunctionName,
    string Version,
    string Runtime,
    RuntimeKind Kind,
    string Handler,
    int MemoryMb,
    int TimeoutSeconds,
    IReadOnlyDictionary<string, string> UserEnvironment,
    string PackagePath,
    string CodeSha256,
    string FunctionArn,
    string InitializationType)
{
    /// <summary>Variables a function's own configuration may not set (Lambda's reserved names).</summary>
    public static readonly HashSet<string> ReservedVariables = new(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    };

    /// <summary>The function's timeout.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Lambda's log group of the function.</summary>
    public string LogGroupName => "/aws/lambda/" + FunctionName;

    /// <summary>Validates a control request's function description.</summary>
    /// <exception cref="ArgumentException">A member is missing or out of Lambda's range; the message names it.</exception>
    public static EnvironmentSpec From(FunctionSpec spec, WorkerOptions options)
    {
        if (!FunctionNamePattern().IsMatch(spec.FunctionName))
        {
            throw new ArgumentException($"FunctionName '{spec.FunctionName}' must be 1-64 characters of letters, digits, '-', '_' or '.'.");
        }

        var version = string.IsNullOrEmpty(spec.Version) ? "$LATEST" : spec.Version;
        if (version != "$LATEST" && !VersionPattern().IsMatch(version))
        {
            throw new ArgumentException($"Version '{version}' must be $LATEST or a number.");
        }

        var kind = spec.Runtime switch
        {
            "dotnet10" or "dotnet8" or "dotnet6" => RuntimeKind.Dotnet,
            "provided.al2023" or "provided.al2" or "provided" => RuntimeKind.Bootstrap,
            _ => throw new ArgumentException(
                $"Runtime '{spec.Runtime}' is not supported: use dotnet10, dotnet8, dotnet6, provided.al2023, provided.al2 or provided."),
        };

        if (spec.Handler.Length > 128 || (kind == RuntimeKind.Dotnet && string.IsNullOrWhiteSpace(spec.Handler)))
        {
            throw new ArgumentException("Handler must be 1-128 characters for a dotnet runtime and at most 128 otherwise.");
        }

        var memory = spec.MemoryMb == 0 ? 128 : spec.MemoryMb;
        if (memory is < 128 or > 10240)
        {
            throw new ArgumentException($"MemorySize {memory} must be between 128 and 10240 MB.");
        }

        var timeout = spec.TimeoutSeconds == 0 ? 3 : spec.TimeoutSeconds;
        if (timeout is < 1 or > 900)
        {
            throw new ArgumentException($"Timeout {timeout} must be between 1 and 900 seconds.");
        }

        foreach (var name in spec.Environment.Keys)
        {
            if (ReservedVariables.Contains(name))
            {
                throw new ArgumentException($"Environment variable '{name}' is reserved by the runtime and cannot be set.");
            }

            if (!VariableNamePattern().IsMatch(name))
            {
                throw new ArgumentException($"Environment variable name '{name}' must start with a letter and hold letters, digits and '_'.");
            }
        }

        if (string.IsNullOrEmpty(spec.PackagePath))
        {
            throw new ArgumentException("PackagePath must name the function's zip.");
        }

        var arn = string.IsNullOrEmpty(spec.FunctionArn)
            ? $"arn:aws:lambda:{options.Region}:{options.AccountId}:function:{spec.FunctionName}"
            : spec.FunctionArn;
        var initType = string.IsNullOrEmpty(spec.InitializationType) ? "on-demand" : spec.InitializationType;
        return new EnvironmentSpec(spec.FunctionName, version, spec.Runtime, kind, spec.Handler, memory, timeout,
            new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal), spec.PackagePath, spec.CodeSha256, arn, initType);
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]{1,64}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^[0-9]{1,10}$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]*$")]
    private static partial Regex VariableNamePattern();
}
