using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

[Collection(PlatformCollection.Name)]
public sealed class ConcurrencyTests(PlatformFixture fixture, ITestOutputHelper output) : ControlApiTestBase(fixture, output)
{
    [Fact]
    public async Task FunctionConcurrency_PutGetDelete_IsReportedEverywhere()
    {
        var name = UniqueName("reserved");
        await CreateFunctionAsync(name);
        var unreservedBefore = await UnreservedAsync();

        var put = (await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "5"))!.Value;
        var got = (await LambdaOkAsync("get-function-concurrency", "--function-name", name))!.Value;
        var function = (await LambdaOkAsync("get-function", "--function-name", name))!.Value;
        var unreservedWhileSet = await UnreservedAsync();
        await LambdaOkAsync("delete-function-concurrency", "--function-name", name);
        var afterDelete = await LambdaOkAsync("get-function-concurrency", "--function-name", name);

        Assert.Equal(5, put.GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Equal(5, got.GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Equal(5, function.GetProperty("Concurrency").GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Equal(unreservedBefore - 5, unreservedWhileSet);
        Assert.True(afterDelete is null || !afterDelete.Value.TryGetProperty("ReservedConcurrentExecutions", out _));
        Assert.Equal(unreservedBefore, await UnreservedAsync());
    }

    [Fact]
    public async Task FunctionConcurrency_BeyondTheUnreservedFloor_IsRefused()
    {
        var name = UniqueName("overreserve");
        await CreateFunctionAsync(name);

        var stderr = await LambdaFailsAsync("InvalidParameterValueException", "put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "901");
        using var negative = await SendAsync(HttpMethod.Put, $"/2017-10-31/functions/{name}/concurrency", "{\"ReservedConcurrentExecutions\":-1}");

        Assert.Contains("below its minimum value of [100]", stderr, StringComparison.Ordinal);
        Assert.Contains("reservedConcurrentExecutions", await AssertErrorAsync(negative, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        var got = await LambdaOkAsync("get-function-concurrency", "--function-name", name);
        Assert.True(got is null || !got.Value.TryGetProperty("ReservedConcurrentExecutions", out _));
    }

    [Fact]
    public async Task ProvisionedConcurrency_PutGetListDelete_OnAnAlias()
    {
        var name = UniqueName("provisioned");
        await CreateFunctionAsync(name, "--publish");
        await LambdaOkAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1");

        var put = (await LambdaOkAsync("put-provisioned-concurrency-config", "--function-name", name, "--qualifier", "live", "--provisioned-concurrent-executions", "1"))!.Value;
        var got = (await LambdaOkAsync("get-provisioned-concurrency-config", "--function-name", name, "--qualifier", "live"))!.Value;
        var listed = (await LambdaOkAsync("list-provisioned-concurrency-configs", "--function-name", name))!.Value.GetProperty("ProvisionedConcurrencyConfigs");
        await LambdaOkAsync("delete-provisioned-concurrency-config", "--function-name", name, "--qualifier", "live");
        var stderr = await LambdaFailsAsync("ProvisionedConcurrencyConfigNotFoundException", "get-provisioned-concurrency-config", "--function-name", name, "--qualifier", "live");

        Assert.Equal(1, put.GetProperty("RequestedProvisionedConcurrentExecutions").GetInt32());
        Assert.Contains(put.GetProperty("Status").GetString(), new[] { "IN_PROGRESS", "READY" });
        Assert.Equal(1, got.GetProperty("RequestedProvisionedConcurrentExecutions").GetInt32());
        Assert.InRange(got.GetProperty("AllocatedProvisionedConcurrentExecutions").GetInt32(), 0, 1);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$", got.GetProperty("LastModified").GetString());
        var item = Assert.Single(listed.EnumerateArray());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}:live", item.GetProperty("FunctionArn").GetString());
        Assert.Contains("No Provisioned Concurrency Config found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionedConcurrency_OnLatestOrUnknownQualifier_IsRefused()
    {
        var name = UniqueName("provbad");
        await CreateFunctionAsync(name, "--publish");
        var before = await SnapshotAsync(name);

        var latest = await LambdaFailsAsync("InvalidParameterValueException", "put-provisioned-concurrency-config", "--function-name", name, "--qualifier", "$LATEST", "--provisioned-concurrent-executions", "1");
        var unknown = await LambdaFailsAsync("ResourceNotFoundException", "put-provisioned-concurrency-config", "--function-name", name, "--qualifier", "9", "--provisioned-concurrent-executions", "1");
        using var missingQualifier = await SendAsync(HttpMethod.Put, $"/2019-09-30/functions/{name}/provisioned-concurrency", "{\"ProvisionedConcurrentExecutions\":1}");

        Assert.Contains("cannot be applied to unpublished function versions", latest, StringComparison.Ordinal);
        Assert.Contains($"function:{name}:9", unknown, StringComparison.Ordinal);
        Assert.Contains("qualifier", await AssertErrorAsync(missingQualifier, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(name));
        Assert.Empty((await LambdaOkAsync("list-provisioned-concurrency-configs", "--function-name", name))!.Value.GetProperty("ProvisionedConcurrencyConfigs").EnumerateArray());
    }

    private async Task<int> UnreservedAsync()
        => (await LambdaOkAsync("get-account-settings"))!.Value.GetProperty("AccountLimit").GetProperty("UnreservedConcurrentExecutions").GetInt32();
}
