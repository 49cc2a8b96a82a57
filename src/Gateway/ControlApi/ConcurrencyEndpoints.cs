using Faas.Gateway.ControlApi.Json;
using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>Reserved concurrency (Put/Get/DeleteFunctionConcurrency) and provisioned concurrency configs.</summary>
internal static class ConcurrencyEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPut("/2017-10-31/functions/{functionName}/concurrency", PutReservedAsync);
        routes.MapGet("/2019-09-30/functions/{functionName}/concurrency", GetReservedAsync);
        routes.MapDelete("/2017-10-31/functions/{functionName}/concurrency", DeleteReservedAsync);
        routes.MapPut("/2019-09-30/functions/{functionName}/provisioned-concurrency", PutProvisionedAsync);
        routes.MapGet("/2019-09-30/functions/{functionName}/provisioned-concurrency", GetProvisionedAsync);
        routes.MapDelete("/2019-09-30/functions/{functionName}/provisioned-concurrency", DeleteProvisionedAsync);
    }

    private static async Task<IResult> PutReservedAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<ConcurrencyShape>(context, "PutFunctionConcurrency");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        if (request.ReservedConcurrentExecutions is not { } reserved)
        {
            return ControlApiHttp.Error(LambdaError.InvalidParameterValue("1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null"));
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).SetReservedConcurrencyAsync(reserved);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(new ConcurrencyShape { ReservedConcurrentExecutions = result.Value });
    }

    private static async Task<IResult> GetReservedAsync(string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetReservedConcurrencyAsync();
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(new ConcurrencyShape { ReservedConcurrentExecutions = result.Value });
    }

    private static async Task<IResult> DeleteReservedAsync(string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).SetReservedConcurrencyAsync(null);
        return result.Error is { } error ? ControlApiHttp.Error(error) : Results.NoContent();
    }

    private static async Task<IResult> PutProvisionedAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (Qualified(context, functionName, out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<ProvisionedConcurrencyRequest>(context, "PutProvisionedConcurrencyConfig");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        if (request.ProvisionedConcurrentExecutions is not { } count)
        {
            return ControlApiHttp.Error(LambdaError.InvalidParameterValue("1 validation error detected: Value null at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must not be null"));
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).PutProvisionedConcurrencyAsync(qualifier, count);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape(withArn: false), StatusCodes.Status202Accepted);
    }

    // GET on this path is Get (with ?Qualifier=) or List (with ?List=ALL).
    private static async Task<IResult> GetProvisionedAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (context.Request.Query.ContainsKey("List"))
        {
            return await ListProvisionedAsync(context, functionName, grains);
        }

        if (Qualified(context, functionName, out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetProvisionedConcurrencyAsync(qualifier);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape(withArn: false));
    }

    private static async Task<IResult> ListProvisionedAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).ListProvisionedConcurrencyAsync();
        if (result.Error is { } error)
        {
            return ControlApiHttp.Error(error);
        }

        if (ControlApiHttp.Page(context.Request, result.Value!, status => status.FunctionArn, out var page, out var nextMarker) is { } badPage)
        {
            return ControlApiHttp.Error(badPage);
        }

        return ControlApiHttp.Ok(new ListProvisionedConcurrencyConfigsResponse
        {
            ProvisionedConcurrencyConfigs = [.. page.Select(status => status.ToShape(withArn: true))],
            NextMarker = nextMarker,
        });
    }

    private static async Task<IResult> DeleteProvisionedAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (Qualified(context, functionName, out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var error = await grains.GetGrain<IFunctionGrain>(name).DeleteProvisionedConcurrencyAsync(qualifier);
        return error is null ? Results.NoContent() : ControlApiHttp.Error(error);
    }

    /// <summary>Provisioned concurrency configs belong to a qualifier, given in the name or as <c>?Qualifier=</c>.</summary>
    private static LambdaError? Qualified(HttpContext context, string functionName, out string name, out string qualifier)
    {
        qualifier = "";
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out name, out var parsed) is { } invalid)
        {
            return invalid;
        }

        if (parsed is null)
        {
            return LambdaError.InvalidParameterValue("1 validation error detected: Value null at 'qualifier' failed to satisfy constraint: Member must not be null");
        }

        qualifier = parsed;
        return null;
    }
}
