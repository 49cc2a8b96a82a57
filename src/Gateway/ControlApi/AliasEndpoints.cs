using Faas.Gateway.ControlApi.Json;
using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases.</summary>
internal static class AliasEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/2015-03-31/functions/{functionName}/aliases", CreateAsync);
        routes.MapGet("/2015-03-31/functions/{functionName}/aliases", ListAsync);
        routes.MapGet("/2015-03-31/functions/{functionName}/aliases/{aliasName}", GetAsync);
        routes.MapPut("/2015-03-31/functions/{functionName}/aliases/{aliasName}", UpdateAsync);
        routes.MapDelete("/2015-03-31/functions/{functionName}/aliases/{aliasName}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<AliasRequest>(context, "CreateAlias");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).CreateAliasAsync(request.Name ?? "", Settings(request));
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape(), StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string functionName, string aliasName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetAliasAsync(aliasName);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape());
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string functionName, string aliasName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<AliasRequest>(context, "UpdateAlias");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).UpdateAliasAsync(aliasName, Settings(request), request.RevisionId);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape());
    }

    private static async Task<IResult> DeleteAsync(string functionName, string aliasName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var error = await grains.GetGrain<IFunctionGrain>(name).DeleteAliasAsync(aliasName);
        return error is null ? Results.NoContent() : ControlApiHttp.Error(error);
    }

    private static async Task<IResult> ListAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var version = context.Request.Query["FunctionVersion"].ToString();
        if (version.Length > 0 && !Scheduler.Functions.FunctionValidation.IsVersionOrLatest(version))
        {
            return ControlApiHttp.Error(LambdaError.InvalidParameterValue($"1 validation error detected: Value '{version}' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)"));
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).ListAliasesAsync(version.Length == 0 ? null : version);
        if (result.Error is { } error)
        {
            return ControlApiHttp.Error(error);
        }

        if (ControlApiHttp.Page(context.Request, result.Value!, alias => alias.Name, out var page, out var nextMarker) is { } badPage)
        {
            return ControlApiHttp.Error(badPage);
        }

        return ControlApiHttp.Ok(new ListAliasesResponse { Aliases = [.. page.Select(alias => alias.ToShape())], NextMarker = nextMarker });
    }

    private static AliasSettings Settings(AliasRequest request) => new()
    {
        FunctionVersion = request.FunctionVersion,
        Description = request.Description,
        AdditionalVersionWeights = request.RoutingConfig is null ? null : request.RoutingConfig.AdditionalVersionWeights ?? [],
    };
}
