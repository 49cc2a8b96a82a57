using System.Text.Json;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.ControlApi;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Idempotency;

/// <summary>
/// The idempotency-config sub-resource over HTTP (the AWS CLI has no command for a Faas sub-resource), on the shared
/// platform whose gateway keeps records in memory; and the AWS CLI still working for an idempotent function.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IdempotencyConfigTests(PlatformFixture fixture, ITestOutputHelper output) : ControlApiTestBase(fixture, output)
{
    private readonly string _run = Guid.NewGuid().ToString("N");

    [Fact]
    public async Task IdempotencyConfig_PutGetDelete_RoundTripsWithDefaults()
    {
        var name = UniqueName("idemcfg");
        await CreateFunctionAsync(name);

        using var put = await SendAsync(HttpMethod.Put, Path(name), """{"KeySource":"EVENT","EventKeyPath":"powertools_json(body).orderId","PayloadValidation":true}""");
        var putBody = await put.Content.ReadAsStringAsync();
        using var get = await SendAsync(HttpMethod.Get, Path(name));
        var getBody = await get.Content.ReadAsStringAsync();
        using var replaced = await SendAsync(HttpMethod.Put, Path(name), "{}");
        var replacedBody = await replaced.Content.ReadAsStringAsync();
        using var delete = await SendAsync(HttpMethod.Delete, Path(name));
        using var gone = await SendAsync(HttpMethod.Get, Path(name));
        using var deleteAgain = await SendAsync(HttpMethod.Delete, Path(name));

        Assert.Equal(200, (int)put.StatusCode);
        var config = JsonDocument.Parse(putBody).RootElement;
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", config.GetProperty("FunctionArn").GetString());
        Assert.Equal("EVENT", config.GetProperty("KeySource").GetString());
        Assert.Equal("powertools_json(body).orderId", config.GetProperty("EventKeyPath").GetString());
        Assert.Equal(3600, config.GetProperty("ExpiresAfterSeconds").GetInt32());
        Assert.True(config.GetProperty("PayloadValidation").GetBoolean());
        Assert.Equal("FAIL_CLOSED", config.GetProperty("OnStoreUnavailable").GetString());
        Assert.False(config.GetProperty("KeyRequired").GetBoolean());
        Assert.False(config.TryGetProperty("InProgressWaitSeconds", out _));
        Assert.True(config.GetProperty("LastModified").GetDouble() > 1_700_000_000);
        Assert.Equal(putBody, getBody);
        Assert.Equal("HEADER", JsonDocument.Parse(replacedBody).RootElement.GetProperty("KeySource").GetString());
        Assert.False(JsonDocument.Parse(replacedBody).RootElement.GetProperty("PayloadValidation").GetBoolean());
        Assert.Equal(204, (int)delete.StatusCode);
        Assert.Contains("doesn't have an IdempotencyConfig", await AssertErrorAsync(gone, 404, "ResourceNotFoundException"), StringComparison.Ordinal);
        await AssertErrorAsync(deleteAgain, 404, "ResourceNotFoundException");
    }

    [Theory]
    [InlineData("""{"KeySource":"BODY"}""", "keySource")]
    [InlineData("""{"KeySource":"EVENT"}""", "eventKeyPath")]
    [InlineData("""{"KeySource":"EVENT","EventKeyPath":"order..id"}""", "not a valid expression")]
    [InlineData("""{"KeySource":"EVENT","EventKeyPath":"powertools_json(body"}""", "not a valid expression")]
    [InlineData("""{"EventKeyPath":"orderId"}""", "only with KeySource EVENT")]
    [InlineData("""{"ExpiresAfterSeconds":0}""", "expiresAfterSeconds")]
    [InlineData("""{"ExpiresAfterSeconds":2592001}""", "expiresAfterSeconds")]
    [InlineData("""{"OnStoreUnavailable":"RETRY"}""", "onStoreUnavailable")]
    [InlineData("""{"InProgressWaitSeconds":-1}""", "inProgressWaitSeconds")]
    [InlineData("""{"InProgressWaitSeconds":901}""", "inProgressWaitSeconds")]
    public async Task PutIdempotencyConfig_BadValue_IsRefusedAndChangesNothing(string body, string named)
    {
        var name = UniqueName("idembad");
        await CreateFunctionAsync(name);
        using var valid = await SendAsync(HttpMethod.Put, Path(name), """{"KeySource":"HEADER","ExpiresAfterSeconds":60}""");
        using var before = await SendAsync(HttpMethod.Get, Path(name));
        var beforeBody = await before.Content.ReadAsStringAsync();

        using var refused = await SendAsync(HttpMethod.Put, Path(name), body);
        var message = await AssertErrorAsync(refused, 400, "InvalidParameterValueException");
        using var after = await SendAsync(HttpMethod.Get, Path(name));

        Assert.Equal(200, (int)valid.StatusCode);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Equal(beforeBody, await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task IdempotencyConfig_UnknownFunctionMalformedBodyOrQualifier_IsRefusedLikeLambda()
    {
        var name = UniqueName("idemerr");
        await CreateFunctionAsync(name);

        using var unknownPut = await SendAsync(HttpMethod.Put, Path("no-such-function"), "{}");
        using var unknownGet = await SendAsync(HttpMethod.Get, Path("no-such-function"));
        using var unknownDelete = await SendAsync(HttpMethod.Delete, Path("no-such-function"));
        using var malformed = await SendAsync(HttpMethod.Put, Path(name), """{"KeySource":""");
        using var wrongType = await SendAsync(HttpMethod.Put, Path(name), """{"ExpiresAfterSeconds":"soon"}""");
        using var qualified = await SendAsync(HttpMethod.Put, Path($"{name}:1"), "{}");
        using var none = await SendAsync(HttpMethod.Get, Path(name));

        await AssertErrorAsync(unknownPut, 404, "ResourceNotFoundException");
        await AssertErrorAsync(unknownGet, 404, "ResourceNotFoundException");
        await AssertErrorAsync(unknownDelete, 404, "ResourceNotFoundException");
        await AssertErrorAsync(malformed, 400, "InvalidRequestContentException");
        await AssertErrorAsync(wrongType, 400, "InvalidRequestContentException");
        Assert.Equal(400, (int)qualified.StatusCode);
        await AssertErrorAsync(none, 404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task DeleteFunction_WithIdempotencyConfig_TakesTheConfigAlong()
    {
        var name = UniqueName("idemdel");
        await CreateFunctionAsync(name);
        using var put = await SendAsync(HttpMethod.Put, Path(name), "{}");

        await LambdaOkAsync("delete-function", "--function-name", name);
        await CreateFunctionAsync(name);
        using var get = await SendAsync(HttpMethod.Get, Path(name));

        Assert.Equal(200, (int)put.StatusCode);
        await AssertErrorAsync(get, 404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task AwsCli_IdempotentFunction_StillWorksAndDeduplicatesByEventKey()
    {
        var name = UniqueName("idemcli");
        var probe = new IdempotencyProbe(Fixture);
        var id = Guid.NewGuid().ToString("N");
        await probe.CreateAsync(name, """{"KeySource":"EVENT","EventKeyPath":"Id"}""");
        var payload = PayloadFile(probe, id);

        var first = await Fixture.Aws.LambdaAsync("invoke", "--function-name", name, "--payload", $"fileb://{payload}", Out("first"));
        var second = await Fixture.Aws.LambdaAsync("invoke", "--function-name", name, "--payload", $"fileb://{payload}", Out("second"));
        var function = await LambdaOkAsync("get-function", "--function-name", name);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(200, first.Json.GetProperty("StatusCode").GetInt32());
        Assert.Equal("$LATEST", second.Json.GetProperty("ExecutedVersion").GetString());
        Assert.Equal(File.ReadAllText(Out("first")), File.ReadAllText(Out("second")));
        Assert.Equal(1, probe.Runs(id));
        Assert.Equal(name, function!.Value.GetProperty("Configuration").GetProperty("FunctionName").GetString());
    }

    private static string Path(string name) => $"/2015-03-31/functions/{name}/idempotency-config";

    private string Out(string label) => System.IO.Path.Combine(Fixture.RootDirectory, $"cli-out-{label}-{_run}.json");

    private static string PayloadFile(IdempotencyProbe probe, string id)
    {
        var path = System.IO.Path.Combine(probe.RunsDirectory, $"{id}.payload.json");
        File.WriteAllText(path, $$"""{"Id":"{{id}}"}""");
        return path;
    }
}
