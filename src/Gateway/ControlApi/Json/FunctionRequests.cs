namespace Faas.Gateway.ControlApi.Json;

/// <summary>CreateFunction's body.</summary>
internal sealed class CreateFunctionRequest
{
    public string? FunctionName { get; set; }

    public string? Runtime { get; set; }

    public string? Role { get; set; }

    public string? Handler { get; set; }

    public FunctionCodeShape? Code { get; set; }

    public string? Description { get; set; }

    public int? Timeout { get; set; }

    public int? MemorySize { get; set; }

    public bool? Publish { get; set; }

    public string? PackageType { get; set; }

    public EnvironmentShape? Environment { get; set; }

    public TracingConfigShape? TracingConfig { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public List<string>? Layers { get; set; }

    public List<string>? Architectures { get; set; }

    public EphemeralStorageShape? EphemeralStorage { get; set; }

    public LoggingConfigShape? LoggingConfig { get; set; }
}

/// <summary>UpdateFunctionConfiguration's body.</summary>
internal sealed class UpdateFunctionConfigurationRequest
{
    public string? Runtime { get; set; }

    public string? Role { get; set; }

    public string? Handler { get; set; }

    public string? Description { get; set; }

    public int? Timeout { get; set; }

    public int? MemorySize { get; set; }

    public EnvironmentShape? Environment { get; set; }

    public TracingConfigShape? TracingConfig { get; set; }

    public List<string>? Layers { get; set; }

    public EphemeralStorageShape? EphemeralStorage { get; set; }

    public LoggingConfigShape? LoggingConfig { get; set; }

    public string? RevisionId { get; set; }
}

/// <summary>UpdateFunctionCode's body.</summary>
internal sealed class UpdateFunctionCodeRequest
{
    public byte[]? ZipFile { get; set; }

    public string? S3Bucket { get; set; }

    public string? S3Key { get; set; }

    public string? S3ObjectVersion { get; set; }

    public string? ImageUri { get; set; }

    public bool? Publish { get; set; }

    public bool? DryRun { get; set; }

    public string? RevisionId { get; set; }

    public List<string>? Architectures { get; set; }
}

/// <summary>PublishVersion's body.</summary>
internal sealed class PublishVersionRequest
{
    public string? CodeSha256 { get; set; }

    public string? Description { get; set; }

    public string? RevisionId { get; set; }
}

/// <summary>CreateFunction's <c>Code</c>.</summary>
internal sealed class FunctionCodeShape
{
    public byte[]? ZipFile { get; set; }

    public string? S3Bucket { get; set; }

    public string? S3Key { get; set; }

    public string? S3ObjectVersion { get; set; }

    public string? ImageUri { get; set; }
}

internal sealed class EnvironmentShape
{
    public Dictionary<string, string>? Variables { get; set; }
}

internal sealed class TracingConfigShape
{
    public string? Mode { get; set; }
}

internal sealed class EphemeralStorageShape
{
    public int? Size { get; set; }
}

internal sealed class LoggingConfigShape
{
    public string? LogFormat { get; set; }

    public string? ApplicationLogLevel { get; set; }

    public string? SystemLogLevel { get; set; }

    public string? LogGroup { get; set; }
}
