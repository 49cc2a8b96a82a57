using Faas.Gateway.ControlApi.Json;
using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.ControlApi;

/// <summary>Registry records to Lambda's JSON shapes.</summary>
internal static class ControlApiShapes
{
    public static FunctionConfigurationShape ToShape(this FunctionVersionConfig config) => new()
    {
        FunctionName = config.FunctionName,
        FunctionArn = config.FunctionArn,
        Runtime = config.Runtime,
        Role = config.Role,
        Handler = config.Handler,
        CodeSize = config.Code.CodeSize,
        Description = config.Description,
        Timeout = config.Timeout,
        MemorySize = config.MemorySize,
        LastModified = ControlApiHttp.Timestamp(config.LastModified),
        CodeSha256 = config.Code.CodeSha256,
        Version = config.Version,
        Environment = config.Environment.Count == 0 ? null : new EnvironmentShape { Variables = config.Environment },
        TracingConfig = new TracingConfigShape { Mode = config.TracingMode },
        RevisionId = config.RevisionId,
        Architectures = [config.Architecture],
        EphemeralStorage = new EphemeralStorageShape { Size = config.EphemeralStorageSize },
        LoggingConfig = new LoggingConfigShape
        {
            LogFormat = config.LogFormat,
            ApplicationLogLevel = config.ApplicationLogLevel,
            SystemLogLevel = config.SystemLogLevel,
            LogGroup = config.LogGroup,
        },
    };

    public static AliasConfigurationShape ToShape(this AliasConfig alias) => new()
    {
        AliasArn = alias.AliasArn,
        Name = alias.Name,
        FunctionVersion = alias.FunctionVersion,
        Description = alias.Description,
        RoutingConfig = alias.AdditionalVersionWeights.Count == 0 ? null : new RoutingConfigShape { AdditionalVersionWeights = alias.AdditionalVersionWeights },
        RevisionId = alias.RevisionId,
    };

    public static ProvisionedConcurrencyConfigShape ToShape(this ProvisionedConcurrencyStatus status, bool withArn) => new()
    {
        FunctionArn = withArn ? status.FunctionArn : null,
        RequestedProvisionedConcurrentExecutions = status.Requested,
        AvailableProvisionedConcurrentExecutions = status.Available,
        AllocatedProvisionedConcurrentExecutions = status.Allocated,
        Status = status.Status,
        LastModified = ControlApiHttp.Timestamp(status.LastModified),
    };

    /// <summary>A URL config; its URL is <c>{gateway}/lambda-url/{url-id}/</c> on the address the caller used.</summary>
    public static FunctionUrlConfigShape ToShape(this FunctionUrlConfig url, string baseUrl, bool withLastModified = true) => new()
    {
        FunctionUrl = $"{baseUrl}lambda-url/{url.UrlId}/",
        FunctionArn = url.FunctionArn,
        AuthType = url.AuthType,
        Cors = url.Cors is null ? null : new CorsShape
        {
            AllowCredentials = url.Cors.AllowCredentials,
            AllowHeaders = url.Cors.AllowHeaders,
            AllowMethods = url.Cors.AllowMethods,
            AllowOrigins = url.Cors.AllowOrigins,
            ExposeHeaders = url.Cors.ExposeHeaders,
            MaxAge = url.Cors.MaxAge,
        },
        CreationTime = ControlApiHttp.Timestamp(url.CreationTime),
        LastModifiedTime = withLastModified ? ControlApiHttp.Timestamp(url.LastModifiedTime) : null,
        InvokeMode = url.InvokeMode,
    };

    public static FunctionUrlCors? ToCors(this CorsShape? cors) => cors is null ? null : new FunctionUrlCors
    {
        AllowCredentials = cors.AllowCredentials,
        AllowHeaders = cors.AllowHeaders,
        AllowMethods = cors.AllowMethods,
        AllowOrigins = cors.AllowOrigins,
        ExposeHeaders = cors.ExposeHeaders,
        MaxAge = cors.MaxAge,
    };
}
