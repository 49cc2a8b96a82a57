using Faas.Gateway.ControlApi.Json;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>
/// Put/Get/DeleteFunctionIdempotencyConfig, a Faas sub-resource in the style of Lambda's event-invoke-config: a put
/// replaces the whole config; the config belongs to the function (every version and alias), so no qualifier.
/// </summary>
internal static class IdempotencyConfigEndpoints
{
    public const string Route = "/2015-03-31/functions/{functionName}/idempotency-config";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPut(Route, PutAsync);
        routes.MapGet(Route, GetAsync);
        routes.MapDelete(Route, DeleteAsync);
    }

    private static async Task<IResult> PutAsync(HttpContext context, string functionName, IGrainFactory grains, GatewayOptions options)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<IdempotencyConfigRequest>(context, "PutFunctionIdempotencyConfig");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).PutIdempotencyConfigAsync(new IdempotencySettings
        {
            KeySource = request.KeySource,
            EventKeyPath = request.EventKeyPath,
            ExpiresAfterSeconds = request.ExpiresAfterSeconds,
            PayloadValidation = request.PayloadValidation,
            OnStoreUnavailable = request.OnStoreUnavailable,
            InProgressWaitSeconds = request.InProgressWaitSeconds,
            KeyRequired = request.KeyRequired,
        });
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(Shape(result.Value!, options, name));
    }

    private static async Task<IResult> GetAsync(string functionName, IGrainFactory grains, GatewayOptions options)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetIdempotencyConfigAsync();
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(Shape(result.Value!, options, name));
    }

    private static async Task<IResult> DeleteAsync(string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var error = await grains.GetGrain<IFunctionGrain>(name).DeleteIdempotencyConfigAsync();
        return error is null ? Results.NoContent() : ControlApiHttp.Error(error);
    }

    private static IdempotencyConfigShape Shape(IdempotencyConfig config, GatewayOptions options, string name) => new()
    {
        FunctionArn = $"arn:aws:lambda:{options.Region}:{options.AccountId}:function:{name}",
        KeySource = config.KeySource,
        EventKeyPath = config.EventKeyPath,
        ExpiresAfterSeconds = config.ExpiresAfterSeconds,
        PayloadValidation = config.PayloadValidation,
        OnStoreUnavailable = config.OnStoreUnavailable,
        InProgressWaitSeconds = config.InProgressWaitSeconds,
        KeyRequired = config.KeyRequired,
        LastModified = config.LastModified.ToUnixTimeMilliseconds() / 1000.0,
    };
}
