using Faas.Gateway.ControlApi.Json;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>
/// Put/Get/Update/DeleteFunctionEventInvokeConfig and ListFunctionEventInvokeConfigs: retries, maximum event age and
/// destinations of asynchronous invocations, per <c>$LATEST</c> (no qualifier), version or alias.
/// </summary>
internal static class EventInvokeConfigEndpoints
{
    private const string Path = "/2019-09-25/functions/{functionName}/event-invoke-config";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPut(Path, PutAsync);
        routes.MapPost(Path, UpdateAsync);
        routes.MapGet(Path, GetAsync);
        routes.MapDelete(Path, DeleteAsync);
        routes.MapGet(Path + "/list", ListAsync);
    }

    private static Task<IResult> PutAsync(HttpContext context, string functionName, IGrainFactory grains)
        => WriteAsync(context, functionName, grains, "PutFunctionEventInvokeConfig", merge: false);

    private static Task<IResult> UpdateAsync(HttpContext context, string functionName, IGrainFactory grains)
        => WriteAsync(context, functionName, grains, "UpdateFunctionEventInvokeConfig", merge: true);

    private static async Task<IResult> WriteAsync(HttpContext context, string functionName, IGrainFactory grains, string operation, bool merge)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<EventInvokeConfigShape>(context, operation);
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var settings = new EventInvokeSettings
        {
            MaximumRetryAttempts = request.MaximumRetryAttempts,
            MaximumEventAgeInSeconds = request.MaximumEventAgeInSeconds,

            // On Update, a destination object given without a Destination clears it; one not given keeps it.
            OnSuccess = request.DestinationConfig?.OnSuccess is { } success ? success.Destination ?? "" : null,
            OnFailure = request.DestinationConfig?.OnFailure is { } failure ? failure.Destination ?? "" : null,
        };
        var result = await grains.GetGrain<IFunctionGrain>(name).PutEventInvokeConfigAsync(qualifier, settings, merge);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(ToShape(result.Value!));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetEventInvokeConfigAsync(qualifier);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(ToShape(result.Value!));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var error = await grains.GetGrain<IFunctionGrain>(name).DeleteEventInvokeConfigAsync(qualifier);
        return error is null ? Results.NoContent() : ControlApiHttp.Error(error);
    }

    private static async Task<IResult> ListAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).ListEventInvokeConfigsAsync();
        if (result.Error is { } error)
        {
            return ControlApiHttp.Error(error);
        }

        if (ControlApiHttp.Page(context.Request, result.Value!, config => config.Qualifier, out var page, out var nextMarker) is { } badPage)
        {
            return ControlApiHttp.Error(badPage);
        }

        return ControlApiHttp.Ok(new ListEventInvokeConfigsResponse { FunctionEventInvokeConfigs = [.. page.Select(ToShape)], NextMarker = nextMarker });
    }

    private static EventInvokeConfigShape ToShape(EventInvokeConfig config) => new()
    {
        LastModified = Math.Round(config.LastModified.ToUnixTimeMilliseconds() / 1000.0, 3),
        FunctionArn = config.FunctionArn,
        MaximumRetryAttempts = config.MaximumRetryAttempts,
        MaximumEventAgeInSeconds = config.MaximumEventAgeInSeconds,
        DestinationConfig = new DestinationConfigShape
        {
            OnSuccess = new DestinationShape { Destination = config.OnSuccess },
            OnFailure = new DestinationShape { Destination = config.OnFailure },
        },
    };
}
