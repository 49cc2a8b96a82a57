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

    private static Task<IResult> CreateAsync(HttpContext context, string functionName, IGrainFactory grains)
        => ControlApiHttp.QualifiedWriteAsync<FunctionUrlConfigRequest, FunctionUrlConfig, FunctionUrlConfigShape>(
            context, functionName, grains, "CreateFunctionUrlConfig", static (grain, qualifier, request) => grain.CreateUrlConfigAsync(qualifier, Settings(request)),
            url => url.ToShape(ControlApiHttp.BaseUrl(context.Request), withLastModified: false), StatusCodes.Status201Created);

    private static Task<IResult> GetAsync(HttpContext context, string functionName, IGrainFactory grains)
        => ControlApiHttp.QualifiedAsync(context, functionName, grains, static (grain, qualifier) => grain.GetUrlConfigAsync(qualifier), url => url.ToShape(ControlApiHttp.BaseUrl(context.Request)));

    private static Task<IResult> UpdateAsync(HttpContext context, string functionName, IGrainFactory grains)
        => ControlApiHttp.QualifiedWriteAsync<FunctionUrlConfigRequest, FunctionUrlConfig, FunctionUrlConfigShape>(
            context, functionName, grains, "UpdateFunctionUrlConfig", static (grain, qualifier, request) => grain.UpdateUrlConfigAsync(qualifier, Settings(request)),
            url => url.ToShape(ControlApiHttp.BaseUrl(context.Request)));

    private static Task<IResult> DeleteAsync(HttpContext context, string functionName, IGrainFactory grains)
        => ControlApiHttp.QualifiedDeleteAsync(context, functionName, grains, static (grain, qualifier) => grain.DeleteUrlConfigAsync(qualifier));

    private static Task<IResult> ListAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        var baseUrl = ControlApiHttp.BaseUrl(context.Request);
        return ControlApiHttp.ListAsync(
            context, functionName, grains, static grain => grain.ListUrlConfigsAsync(), static url => url.Qualifier ?? "",
            (page, nextMarker) => new ListFunctionUrlConfigsResponse { FunctionUrlConfigs = [.. page.Select(url => url.ToShape(baseUrl))], NextMarker = nextMarker });
    }

    private static FunctionUrlSettings Settings(FunctionUrlConfigRequest request) => new()
    {
        AuthType = request.AuthType,
        InvokeMode = request.InvokeMode,
        Cors = request.Cors.ToCors(),
    };
}
