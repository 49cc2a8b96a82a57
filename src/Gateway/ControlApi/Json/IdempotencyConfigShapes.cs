namespace Faas.Gateway.ControlApi.Json;

/// <summary>PutFunctionIdempotencyConfig's body.</summary>
internal sealed class IdempotencyConfigRequest
{
    public string? KeySource { get; set; }

    public string? EventKeyPath { get; set; }

    public int? ExpiresAfterSeconds { get; set; }

    public bool? PayloadValidation { get; set; }

    public string? OnStoreUnavailable { get; set; }

    public int? InProgressWaitSeconds { get; set; }

    public bool? KeyRequired { get; set; }
}

/// <summary>Put/GetFunctionIdempotencyConfig's answer; <c>LastModified</c> in epoch seconds, as Lambda's event-invoke-config.</summary>
internal sealed class IdempotencyConfigShape
{
    public required string FunctionArn { get; init; }

    public required string KeySource { get; init; }

    public string? EventKeyPath { get; init; }

    public required int ExpiresAfterSeconds { get; init; }

    public required bool PayloadValidation { get; init; }

    public required string OnStoreUnavailable { get; init; }

    public int? InProgressWaitSeconds { get; init; }

    public required bool KeyRequired { get; init; }

    public required double LastModified { get; init; }
}
