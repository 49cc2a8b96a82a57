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
        => ControlApiHttp.QualifiedWriteAsync<EventInvokeConfigShape, EventInvokeConfig, EventInvokeConfigShape>(
            context, functionName, grains, "PutFunctionEventInvokeConfig", static (grain, qualifier, request) => grain.PutEventInvokeConfigAsync(qualifier, Settings(request), merge: false), ToShape);

    private static Task<IResult> UpdateAsync(HttpContext context, string functionName, IGrainFactory grains)
        => ControlApiHttp.QualifiedWriteAsync<EventInvokeConfigShape, EventInvokeConfig, EventInvokeConfigShape>(
            context, functionName, grains, "UpdateFunctionEventInvokeConfig", static (grain, qualifier, request) => grain.PutEventInvokeConfigAsync(qualifier, Settings(request), merge: true), ToShape);

    private static Task<IResult> GetAsync(HttpContext context, string functionName, IGrainFactory grains)
        => ControlApiHttp.QualifiedAsync(context, functionName, grains, static (grain, qualifier) => grain.GetEventInvokeConfigAsync(qualifier), ToShape);

    private static Task<IResult> DeleteAsync(HttpContext context, string functionName, IGrainFactory grains)
        => ControlApiHttp.QualifiedDeleteAsync(context, functionName, grains, static (grain, qualifier) => grain.DeleteEventInvokeConfigAsync(qualifier));

    private static Task<IResult> ListAsync(HttpContext context, string functionName, IGrainFactory grains)
        => ControlApiHttp.ListAsync(
            context, functionName, grains, static grain => grain.ListEventInvokeConfigsAsync(), static config => config.Qualifier,
            static (page, nextMarker) => new ListEventInvokeConfigsResponse { FunctionEventInvokeConfigs = [.. page.Select(ToShape)], NextMarker = nextMarker });

    private static EventInvokeSettings Settings(EventInvokeConfigShape request) => new()
    {
        MaximumRetryAttempts = request.MaximumRetryAttempts,
        MaximumEventAgeInSeconds = request.MaximumEventAgeInSeconds,

        // On Update, a destination object given without a Destination clears it; one not given keeps it.
        OnSuccess = request.DestinationConfig?.OnSuccess is { } success ? success.Destination ?? "" : null,
        OnFailure = request.DestinationConfig?.OnFailure is { } failure ? failure.Destination ?? "" : null,
    };

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
