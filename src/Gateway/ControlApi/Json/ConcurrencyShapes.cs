namespace Faas.Gateway.ControlApi.Json;

/// <summary>PutProvisionedConcurrencyConfig's body.</summary>
internal sealed class ProvisionedConcurrencyRequest
{
    public int? ProvisionedConcurrentExecutions { get; set; }
}

/// <summary>Put/GetProvisionedConcurrencyConfig's answer and ListProvisionedConcurrencyConfigs' items (with the ARN).</summary>
internal sealed class ProvisionedConcurrencyConfigShape
{
    public string? FunctionArn { get; init; }

    public required int RequestedProvisionedConcurrentExecutions { get; init; }

    public required int AvailableProvisionedConcurrentExecutions { get; init; }

    public required int AllocatedProvisionedConcurrentExecutions { get; init; }

    public required string Status { get; init; }

    public string? StatusReason { get; init; }

    public required string LastModified { get; init; }
}

internal sealed class ListProvisionedConcurrencyConfigsResponse
{
    public required List<ProvisionedConcurrencyConfigShape> ProvisionedConcurrencyConfigs { get; init; }

    public string? NextMarker { get; init; }
}

/// <summary>GetAccountSettings' answer.</summary>
internal sealed class AccountSettingsResponse
{
    public required AccountLimitShape AccountLimit { get; init; }

    public required AccountUsageShape AccountUsage { get; init; }
}

internal sealed class AccountLimitShape
{
    public required long TotalCodeSize { get; init; }

    public required long CodeSizeUnzipped { get; init; }

    public required long CodeSizeZipped { get; init; }

    public required int ConcurrentExecutions { get; init; }

    public required int UnreservedConcurrentExecutions { get; init; }
}

internal sealed class AccountUsageShape
{
    public required long TotalCodeSize { get; init; }

    public required long FunctionCount { get; init; }
}

/// <summary>ListTags' answer and TagResource's body.</summary>
internal sealed class TagsShape
{
    public Dictionary<string, string>? Tags { get; set; }
}
