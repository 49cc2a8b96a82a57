using Faas.Platform.Tests.Common;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

[Collection(PlatformCollection.Name)]
public sealed class FunctionUrlConfigTests(PlatformFixture fixture, ITestOutputHelper output) : ControlApiTestBase(fixture, output)
{
    [Fact]
    public async Task FunctionUrlConfig_CreateGetUpdateListDelete_KeepsTheUrlGrainInStep()
    {
        var name = UniqueName("url");
        await CreateFunctionAsync(name);

        var created = (await LambdaOkAsync("create-function-url-config", "--function-name", name, "--auth-type", "NONE",
            "--cors", "{\"AllowOrigins\":[\"*\"],\"AllowMethods\":[\"GET\"],\"MaxAge\":60}"))!.Value;
        var url = created.GetProperty("FunctionUrl").GetString()!;
        var urlId = UrlId(url);
        var targetAfterCreate = await TargetAsync(urlId);
        var fetched = (await LambdaOkAsync("get-function-url-config", "--function-name", name))!.Value;
        var updated = (await LambdaOkAsync("update-function-url-config", "--function-name", name, "--auth-type", "AWS_IAM", "--invoke-mode", "RESPONSE_STREAM"))!.Value;
        var targetAfterUpdate = await TargetAsync(urlId);
        var listed = (await LambdaOkAsync("list-function-url-configs", "--function-name", name))!.Value.GetProperty("FunctionUrlConfigs");
        await LambdaOkAsync("delete-function-url-config", "--function-name", name);
        var stderr = await LambdaFailsAsync("ResourceNotFoundException", "get-function-url-config", "--function-name", name);

        Assert.Matches($"^{Regex(Fixture.GatewayUri.ToString())}lambda-url/[a-z0-9]{{32}}/$", url);
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", created.GetProperty("FunctionArn").GetString());
        Assert.Equal("NONE", created.GetProperty("AuthType").GetString());
        Assert.Equal("BUFFERED", created.GetProperty("InvokeMode").GetString());
        Assert.Equal(60, created.GetProperty("Cors").GetProperty("MaxAge").GetInt32());
        Assert.Equal("*", created.GetProperty("Cors").GetProperty("AllowOrigins")[0].GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("CreationTime").GetString()));
        Assert.Equal(url, fetched.GetProperty("FunctionUrl").GetString());
        Assert.False(string.IsNullOrEmpty(fetched.GetProperty("LastModifiedTime").GetString()));
        Assert.Equal("AWS_IAM", updated.GetProperty("AuthType").GetString());
        Assert.Equal("RESPONSE_STREAM", updated.GetProperty("InvokeMode").GetString());
        Assert.Equal(60, updated.GetProperty("Cors").GetProperty("MaxAge").GetInt32());
        Assert.Equal(url, Assert.Single(listed.EnumerateArray()).GetProperty("FunctionUrl").GetString());
        Assert.Equal(name, targetAfterCreate?.FunctionName);
        Assert.Null(targetAfterCreate?.Qualifier);
        Assert.Equal("NONE", targetAfterCreate?.AuthType);
        Assert.Equal("AWS_IAM", targetAfterUpdate?.AuthType);
        Assert.Equal("RESPONSE_STREAM", targetAfterUpdate?.InvokeMode);
        Assert.Null(await TargetAsync(urlId));
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionUrlConfig_OnAlias_TargetsTheAliasAndGoesWithIt()
    {
        var name = UniqueName("urlalias");
        await CreateFunctionAsync(name, "--publish");
        await LambdaOkAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1");

        var created = (await LambdaOkAsync("create-function-url-config", "--function-name", name, "--qualifier", "live", "--auth-type", "NONE"))!.Value;
        var urlId = UrlId(created.GetProperty("FunctionUrl").GetString()!);
        var target = await TargetAsync(urlId);
        var duplicate = await LambdaFailsAsync("ResourceConflictException", "create-function-url-config", "--function-name", name, "--qualifier", "live", "--auth-type", "NONE");
        var onVersion = await LambdaFailsAsync("InvalidParameterValueException", "create-function-url-config", "--function-name", name, "--qualifier", "1", "--auth-type", "NONE");
        await LambdaOkAsync("delete-alias", "--function-name", name, "--name", "live");

        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}:live", created.GetProperty("FunctionArn").GetString());
        Assert.Equal("live", target?.Qualifier);
        Assert.Contains("FunctionUrlConfig exists", duplicate, StringComparison.Ordinal);
        Assert.Contains("qualifier", onVersion, StringComparison.Ordinal);
        Assert.Null(await TargetAsync(urlId));
    }

    [Fact]
    public async Task DeleteFunction_WithUrl_RemovesTheUrl()
    {
        var name = UniqueName("urldel");
        await CreateFunctionAsync(name);
        var created = (await LambdaOkAsync("create-function-url-config", "--function-name", name, "--auth-type", "NONE"))!.Value;
        var urlId = UrlId(created.GetProperty("FunctionUrl").GetString()!);

        await LambdaOkAsync("delete-function", "--function-name", name);

        Assert.Null(await TargetAsync(urlId));
    }

    private static string UrlId(string url) => url.TrimEnd('/').Split('/')[^1];

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private Task<FunctionUrlTarget?> TargetAsync(string urlId)
        => Fixture.Platform.Services.GetRequiredService<IGrainFactory>().GetGrain<IFunctionUrlGrain>(urlId).GetAsync();
}
