using Faas.Gateway.ControlApi.Json;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>Create/Get/Update/DeleteFunctionUrlConfig and ListFunctionUrlConfigs. URLs are served by the function URL feature.</summary>
internal static class FunctionUrlConfigEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/2021-10-31/functions/{functionName}/url", CreateAsync);
        routes.MapGet("/2021-10-31/functions/{functionName}/url", GetAsync);
        routes.MapPut("/2021-10-31/functions/{functionName}/url", UpdateAsync);
        routes.MapDelete("/2021-10-31/functions/{functionName}/url", DeleteAsync);
        routes.MapGet("/2021-10-31/functions/{functionName}/urls", ListAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<FunctionUrlConfigRequest>(context, "CreateFunctionUrlConfig");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).CreateUrlConfigAsync(qualifier, Settings(request));
        return result.Error is { } error
            ? ControlApiHttp.Error(error)
            : ControlApiHttp.Ok(result.Value!.ToShape(ControlApiHttp.BaseUrl(context.Request), withLastModified: false), StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetUrlConfigAsync(qualifier);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape(ControlApiHttp.BaseUrl(context.Request)));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<FunctionUrlConfigRequest>(context, "UpdateFunctionUrlConfig");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).UpdateUrlConfigAsync(qualifier, Settings(request));
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape(ControlApiHttp.BaseUrl(context.Request)));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var error = await grains.GetGrain<IFunctionGrain>(name).DeleteUrlConfigAsync(qualifier);
        return error is null ? Results.NoContent() : ControlApiHttp.Error(error);
    }

    private static async Task<IResult> ListAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).ListUrlConfigsAsync();
        if (result.Error is { } error)
        {
            return ControlApiHttp.Error(error);
        }

        if (ControlApiHttp.Page(context.Request, result.Value!, url => url.Qualifier ?? "", out var page, out var nextMarker) is { } badPage)
        {
            return ControlApiHttp.Error(badPage);
        }

        var baseUrl = ControlApiHttp.BaseUrl(context.Request);
        return ControlApiHttp.Ok(new ListFunctionUrlConfigsResponse { FunctionUrlConfigs = [.. page.Select(url => url.ToShape(baseUrl))], NextMarker = nextMarker });
    }

    private static FunctionUrlSettings Settings(FunctionUrlConfigRequest request) => new()
    {
        AuthType = request.AuthType,
        InvokeMode = request.InvokeMode,
        Cors = request.Cors.ToCors(),
    };
}
