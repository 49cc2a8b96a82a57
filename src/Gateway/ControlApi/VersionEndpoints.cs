using Faas.Gateway.ControlApi.Json;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>PublishVersion and ListVersionsByFunction.</summary>
internal static class VersionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/2015-03-31/functions/{functionName}/versions", PublishAsync);
        routes.MapGet("/2015-03-31/functions/{functionName}/versions", ListAsync);
    }

    private static async Task<IResult> PublishAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<PublishVersionRequest>(context, "PublishVersion");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).PublishVersionAsync(request.CodeSha256, request.Description, request.RevisionId);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape(), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).ListVersionsAsync();
        if (result.Error is { } error)
        {
            return ControlApiHttp.Error(error);
        }

        if (ControlApiHttp.Page(context.Request, result.Value!, VersionKey, out var page, out var nextMarker) is { } badPage)
        {
            return ControlApiHttp.Error(badPage);
        }

        return ControlApiHttp.Ok(new ListVersionsResponse { Versions = [.. page.Select(version => version.ToShape())], NextMarker = nextMarker });
    }

    // $LATEST first, then versions in numeric order, as ordinal keys.
    private static string VersionKey(FunctionVersionConfig version) => version.Version == "$LATEST" ? "" : version.Version.PadLeft(10, '0');
}
