using Faas.Gateway.ControlApi.Json;
using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>GetAccountSettings and the tag operations (ListTags, TagResource, UntagResource) on function ARNs.</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/2016-08-19/account-settings", GetAccountSettingsAsync);
        routes.MapGet("/2017-03-31/tags/{resource}", ListTagsAsync);
        routes.MapPost("/2017-03-31/tags/{resource}", TagAsync);
        routes.MapDelete("/2017-03-31/tags/{resource}", UntagAsync);
    }

    private static async Task<IResult> GetAccountSettingsAsync(IGrainFactory grains)
    {
        var summary = await grains.GetGrain<IFunctionIndexGrain>(IFunctionIndexGrain.Key).GetAccountSummaryAsync();
        return ControlApiHttp.Ok(new AccountSettingsResponse
        {
            AccountLimit = new AccountLimitShape
            {
                TotalCodeSize = PackageStore.MaxTotalCodeBytes,
                CodeSizeUnzipped = PackageStore.MaxUnzippedBytes,
                CodeSizeZipped = PackageStore.MaxZippedBytes,
                ConcurrentExecutions = summary.ConcurrentExecutions,
                UnreservedConcurrentExecutions = summary.UnreservedConcurrentExecutions,
            },
            AccountUsage = new AccountUsageShape { TotalCodeSize = summary.TotalCodeSize, FunctionCount = summary.FunctionCount },
        });
    }

    private static async Task<IResult> ListTagsAsync(string resource, IGrainFactory grains)
    {
        if (FunctionOf(resource, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).ListTagsAsync();
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(new TagsShape { Tags = result.Value });
    }

    private static async Task<IResult> TagAsync(HttpContext context, string resource, IGrainFactory grains)
    {
        if (FunctionOf(resource, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<TagsShape>(context, "TagResource");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        if (request.Tags is null)
        {
            return ControlApiHttp.Error(LambdaError.InvalidParameterValue("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null"));
        }

        var error = await grains.GetGrain<IFunctionGrain>(name).TagAsync(request.Tags);
        return error is null ? Results.NoContent() : ControlApiHttp.Error(error);
    }

    private static async Task<IResult> UntagAsync(HttpContext context, string resource, IGrainFactory grains)
    {
        if (FunctionOf(resource, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var keys = context.Request.Query["tagKeys"].Where(key => key is not null).Select(key => key!).ToList();
        var error = await grains.GetGrain<IFunctionGrain>(name).UntagAsync(keys);
        return error is null ? Results.NoContent() : ControlApiHttp.Error(error);
    }

    /// <summary>Tags belong to functions, named by their unqualified ARN.</summary>
    private static LambdaError? FunctionOf(string resource, out string name)
    {
        name = "";
        if (!resource.StartsWith("arn:", StringComparison.Ordinal) || !FunctionNames.TryParse(resource, out var parsed, out var qualifier) || qualifier is not null)
        {
            return LambdaError.InvalidParameterValue($"1 validation error detected: Value '{resource}' at 'resource' failed to satisfy constraint: Member must be the ARN of a function (arn:aws:lambda:<region>:<account>:function:<name>)");
        }

        name = parsed;
        return null;
    }
}
