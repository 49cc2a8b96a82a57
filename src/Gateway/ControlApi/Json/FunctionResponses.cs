namespace Faas.Gateway.ControlApi.Json;

/// <summary>Lambda's <c>FunctionConfiguration</c>, as the CLI prints it.</summary>
internal sealed class FunctionConfigurationShape
{
    public required string FunctionName { get; init; }

    public required string FunctionArn { get; init; }

    public required string Runtime { get; init; }

    public string? Role { get; init; }

    public required string Handler { get; init; }

    public required long CodeSize { get; init; }

    public required string Description { get; init; }

    public required int Timeout { get; init; }

    public required int MemorySize { get; init; }

    public required string LastModified { get; init; }

    public required string CodeSha256 { get; init; }

    public required string Version { get; init; }

    public EnvironmentShape? Environment { get; init; }

    public required TracingConfigShape TracingConfig { get; init; }

    public required string RevisionId { get; init; }

    public string State { get; init; } = "Active";

    public string LastUpdateStatus { get; init; } = "Successful";

    public string PackageType { get; init; } = "Zip";

    public required List<string> Architectures { get; init; }

    public required EphemeralStorageShape EphemeralStorage { get; init; }

    public SnapStartShape SnapStart { get; init; } = new();

    public required LoggingConfigShape LoggingConfig { get; init; }
}

internal sealed class SnapStartShape
{
    public string ApplyOn { get; init; } = "None";

    public string OptimizationStatus { get; init; } = "Off";
}

/// <summary>GetFunction's answer.</summary>
internal sealed class GetFunctionResponse
{
    public required FunctionConfigurationShape Configuration { get; init; }

    public required FunctionCodeLocationShape Code { get; init; }

    public Dictionary<string, string>? Tags { get; init; }

    public ConcurrencyShape? Concurrency { get; init; }
}

internal sealed class FunctionCodeLocationShape
{
    public string RepositoryType { get; init; } = "S3";

    public required string Location { get; init; }
}

/// <summary>PutFunctionConcurrency's body and answer, GetFunctionConcurrency's answer, GetFunction's <c>Concurrency</c>.</summary>
internal sealed class ConcurrencyShape
{
    public int? ReservedConcurrentExecutions { get; set; }
}

internal sealed class ListFunctionsResponse
{
    public required List<FunctionConfigurationShape> Functions { get; init; }

    public string? NextMarker { get; init; }
}

internal sealed class ListVersionsResponse
{
    public required List<FunctionConfigurationShape> Versions { get; init; }

    public string? NextMarker { get; init; }
}
