using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

/// <summary>
/// Lambda's rules for function names, configuration, aliases, concurrency and tags, with Lambda's wording. The gateway
/// checks a request with these before storing its zip; the function grain checks again, since it is the authority.
/// </summary>
public static partial class FunctionValidation
{
    /// <summary>Runtimes this platform runs: .NET on the managed host and custom runtimes with a <c>bootstrap</c>.</summary>
    public static readonly IReadOnlyList<string> SupportedRuntimes = ["dotnet10", "dotnet8", "dotnet6", "provided.al2023", "provided.al2", "provided"];

    /// <summary>Lambda's limit on the environment variables of a function, measured as their JSON text.</summary>
    public const int MaxEnvironmentBytes = 4096;

    /// <summary>Variables Lambda sets itself and refuses to let a function override.</summary>
    public static readonly IReadOnlySet<string> ReservedEnvironmentKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    };

    private const string FunctionNamePattern = @"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?";

    /// <summary>A plain function name: 1-64 of <c>[a-zA-Z0-9-_]</c>.</summary>
    public static RegistryError? ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Invalid("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
        }

        if (name.Length > 64)
        {
            return Constraint(name, "functionName", "Member must have length less than or equal to 64");
        }

        return NameRegex().IsMatch(name) ? null : Constraint(name, "functionName", $"Member must satisfy regular expression pattern: {FunctionNamePattern}");
    }

    /// <summary>Checks configuration members; <paramref name="creating"/> also requires Runtime and (for .NET) Handler.</summary>
    public static RegistryError? ValidateSettings(FunctionSettings settings, bool creating)
    {
        if (creating && (string.IsNullOrEmpty(settings.Runtime) || (settings.Handler is null && !IsCustomRuntime(settings.Runtime))))
        {
            return Invalid("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }

        if (settings.Runtime is { } runtime && !SupportedRuntimes.Contains(runtime))
        {
            return Invalid($"Value {runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", SupportedRuntimes)}]");
        }

        if (settings.Handler is { } handler)
        {
            if (handler.Length > 128)
            {
                return Constraint(handler, "handler", "Member must have length less than or equal to 128");
            }

            if (handler.Length > 0 && !HandlerRegex().IsMatch(handler))
            {
                return Constraint(handler, "handler", @"Member must satisfy regular expression pattern: [^\s]+");
            }
        }

        if (settings.Description is { Length: > 256 } description)
        {
            return Constraint(description, "description", "Member must have length less than or equal to 256");
        }

        return ValidateRange(settings.Timeout, "timeout", 1, 900)
            ?? ValidateRange(settings.MemorySize, "memorySize", 128, 10240)
            ?? ValidateRange(settings.EphemeralStorageSize, "ephemeralStorage.size", 512, 10240)
            ?? ValidateEnvironment(settings.Environment)
            ?? ValidateEnum(settings.TracingMode, "tracingConfig.mode", ["Active", "PassThrough"])
            ?? ValidateArchitectures(settings.Architectures)
            ?? ValidateEnum(settings.LogFormat, "loggingConfig.logFormat", ["JSON", "Text"])
            ?? ValidateEnum(settings.ApplicationLogLevel, "loggingConfig.applicationLogLevel", ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])
            ?? ValidateEnum(settings.SystemLogLevel, "loggingConfig.systemLogLevel", ["DEBUG", "INFO", "WARN"])
            ?? ValidateLogGroup(settings.LogGroup);
    }

    /// <summary>Variable names, Lambda's reserved names and the 4 KB limit.</summary>
    public static RegistryError? ValidateEnvironment(Dictionary<string, string>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return null;
        }

        // Names and values are sensitive: Lambda's messages never quote them, except reserved names.
        if (variables.Keys.Any(key => !EnvironmentKeyRegex().IsMatch(key)))
        {
            return Invalid("1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
        }

        var reserved = variables.Keys.Where(ReservedEnvironmentKeys.Contains).Order(StringComparer.Ordinal).ToList();
        if (reserved.Count > 0)
        {
            return Invalid("Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: " + string.Join(", ", reserved));
        }

        var size = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(variables));
        return size > MaxEnvironmentBytes
            ? Invalid($"Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {size} bytes")
            : null;
    }

    /// <summary>An alias name: 1-128 of <c>[a-zA-Z0-9-_]</c>, not all digits.</summary>
    public static RegistryError? ValidateAliasName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Invalid("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
        }

        if (name.Length > 128)
        {
            return Constraint(name, "name", "Member must have length less than or equal to 128");
        }

        return AliasRegex().IsMatch(name) ? null : Constraint(name, "name", "Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
    }

    /// <summary>An alias's version (<c>$LATEST</c> or digits) and routing (one other version, weight 0-1).</summary>
    public static RegistryError? ValidateAliasSettings(AliasSettings settings)
    {
        if (settings.FunctionVersion is { } version && !IsVersionOrLatest(version))
        {
            return Constraint(version, "functionVersion", @"Member must satisfy regular expression pattern: (\$LATEST|[0-9]+)");
        }

        if (settings.AdditionalVersionWeights is not { Count: > 0 } weights)
        {
            return null;
        }

        if (weights.Count > 1)
        {
            return Invalid("Number of items in AdditionalVersionWeights cannot be greater than 1.");
        }

        var (additional, weight) = weights.First();
        if (!IsVersionNumber(additional))
        {
            return Constraint(additional, "routingConfig.additionalVersionWeights", "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]+]");
        }

        if (double.IsNaN(weight) || weight < 0 || weight > 1)
        {
            return Constraint(weight.ToString(System.Globalization.CultureInfo.InvariantCulture), "routingConfig.additionalVersionWeights", "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]");
        }

        return null;
    }

    /// <summary>Tag keys (1-128, not <c>aws:</c>), values (0-256) and at most 50 tags.</summary>
    public static RegistryError? ValidateTags(Dictionary<string, string>? tags, int existing = 0)
    {
        if (tags is null)
        {
            return null;
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
            {
                return Invalid($"Tag key '{key}' must be 1 to 128 characters long.");
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                return Invalid($"Tag key '{key}' uses the reserved prefix 'aws:'.");
            }

            if (value.Length > 256)
            {
                return Invalid($"The value of tag '{key}' must be at most 256 characters long.");
            }
        }

        return existing + tags.Count > 50 ? Invalid("A function can have at most 50 tags.") : null;
    }

    /// <summary><c>$LATEST</c> or a version number.</summary>
    public static bool IsVersionOrLatest(string value) => value == "$LATEST" || IsVersionNumber(value);

    /// <summary>A published version number: digits only.</summary>
    public static bool IsVersionNumber(string value) => value.Length is > 0 and <= 10 && value.All(char.IsAsciiDigit);

    /// <summary>A custom runtime runs a <c>bootstrap</c> and may leave the handler empty.</summary>
    public static bool IsCustomRuntime(string? runtime) => runtime is not null && runtime.StartsWith("provided", StringComparison.Ordinal);

    private static RegistryError? ValidateRange(int? value, string member, int min, int max)
    {
        if (value is not { } actual)
        {
            return null;
        }

        if (actual < min)
        {
            return Constraint(actual.ToString(System.Globalization.CultureInfo.InvariantCulture), member, $"Member must have value greater than or equal to {min}");
        }

        return actual > max ? Constraint(actual.ToString(System.Globalization.CultureInfo.InvariantCulture), member, $"Member must have value less than or equal to {max}") : null;
    }

    private static RegistryError? ValidateEnum(string? value, string member, string[] allowed)
        => value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? null
            : Constraint(value, member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");

    private static RegistryError? ValidateArchitectures(List<string>? architectures)
    {
        if (architectures is null)
        {
            return null;
        }

        if (architectures.Count != 1)
        {
            return Constraint($"[{string.Join(", ", architectures)}]", "architectures", architectures.Count == 0 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 1");
        }

        return ValidateEnum(architectures[0], "architectures", ["x86_64", "arm64"]);
    }

    private static RegistryError? ValidateLogGroup(string? logGroup)
    {
        if (logGroup is null)
        {
            return null;
        }

        if (logGroup.Length is 0 or > 512)
        {
            return Constraint(logGroup, "loggingConfig.logGroup", "Member must have length between 1 and 512");
        }

        return LogGroupRegex().IsMatch(logGroup) ? null : Constraint(logGroup, "loggingConfig.logGroup", @"Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+");
    }

    private static RegistryError Constraint(string value, string member, string constraint)
        => Invalid($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    private static RegistryError Invalid(string message) => new(RegistryErrorKind.InvalidParameter, message);

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^[^\s]+$")]
    private static partial Regex HandlerRegex();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]+$")]
    private static partial Regex EnvironmentKeyRegex();

    [GeneratedRegex("^(?![0-9]+$)[a-zA-Z0-9_-]+$")]
    private static partial Regex AliasRegex();

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")]
    private static partial Regex LogGroupRegex();
}
