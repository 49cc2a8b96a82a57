namespace Faas.Gateway.ControlApi.Json;

/// <summary>Create/UpdateFunctionUrlConfig's body.</summary>
internal sealed class FunctionUrlConfigRequest
{
    public string? AuthType { get; set; }

    public CorsShape? Cors { get; set; }

    public string? InvokeMode { get; set; }
}

/// <summary>Lambda's <c>Cors</c>.</summary>
internal sealed class CorsShape
{
    public bool? AllowCredentials { get; set; }

    public List<string>? AllowHeaders { get; set; }

    public List<string>? AllowMethods { get; set; }

    public List<string>? AllowOrigins { get; set; }

    public List<string>? ExposeHeaders { get; set; }

    public int? MaxAge { get; set; }
}

/// <summary>A function URL config as Create/Get/Update/ListFunctionUrlConfig(s) answer it.</summary>
internal sealed class FunctionUrlConfigShape
{
    public required string FunctionUrl { get; init; }

    public required string FunctionArn { get; init; }

    public required string AuthType { get; init; }

    public CorsShape? Cors { get; init; }

    public required string CreationTime { get; init; }

    public string? LastModifiedTime { get; init; }

    public required string InvokeMode { get; init; }
}

internal sealed class ListFunctionUrlConfigsResponse
{
    public required List<FunctionUrlConfigShape> FunctionUrlConfigs { get; init; }

    public string? NextMarker { get; init; }
}
