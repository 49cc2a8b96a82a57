using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

/// <summary>Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s) with the AWS CLI, and what they refuse.</summary>
[Collection(PlatformCollection.Name)]
public sealed class EventInvokeConfigTests(PlatformFixture fixture, ITestOutputHelper output) : ControlApiTestBase(fixture, output)
{
    [Fact]
    public async Task EventInvokeConfig_AwsCli_PutGetUpdateListDeleteAndGoneWithTheFunction()
    {
        var name = UniqueName("eic");
        var target = UniqueName("eic-target");
        await CreateFunctionAsync(name);
        await LambdaOkAsync("publish-version", "--function-name", name);
        await LambdaOkAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1");
        var targetArn = $"arn:aws:lambda:us-east-1:000000000000:function:{target}";

        var put = (await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name, "--maximum-retry-attempts", "1",
            "--maximum-event-age-in-seconds", "120", "--destination-config", """{"OnFailure":{"Destination":"kafka://failed-events"}}"""))!.Value;
        var fetched = (await LambdaOkAsync("get-function-event-invoke-config", "--function-name", name))!.Value;
        var updated = (await LambdaOkAsync("update-function-event-invoke-config", "--function-name", name, "--maximum-retry-attempts", "0"))!.Value;
        var onAlias = (await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name, "--qualifier", "live",
            "--destination-config", $$$"""{"OnSuccess":{"Destination":"{{{targetArn}}}"}}"""))!.Value;
        var listed = (await LambdaOkAsync("list-function-event-invoke-configs", "--function-name", name))!.Value.GetProperty("FunctionEventInvokeConfigs");
        await LambdaOkAsync("delete-function-event-invoke-config", "--function-name", name);
        await LambdaFailsAsync("ResourceNotFoundException", "get-function-event-invoke-config", "--function-name", name);
        await LambdaOkAsync("delete-function", "--function-name", name);
        await CreateFunctionAsync(name);
        var afterRecreate = (await LambdaOkAsync("list-function-event-invoke-configs", "--function-name", name))!.Value.GetProperty("FunctionEventInvokeConfigs");

        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}:$LATEST", put.GetProperty("FunctionArn").GetString());
        Assert.Equal(1, put.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(120, put.GetProperty("MaximumEventAgeInSeconds").GetInt32());
        Assert.Equal("kafka://failed-events", put.GetProperty("DestinationConfig").GetProperty("OnFailure").GetProperty("Destination").GetString());
        Assert.Equal(JsonValueKind.Number, put.GetProperty("LastModified").ValueKind);
        Assert.Equal(put.GetProperty("MaximumEventAgeInSeconds").GetInt32(), fetched.GetProperty("MaximumEventAgeInSeconds").GetInt32());
        Assert.Equal(0, updated.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(120, updated.GetProperty("MaximumEventAgeInSeconds").GetInt32());
        Assert.Equal("kafka://failed-events", updated.GetProperty("DestinationConfig").GetProperty("OnFailure").GetProperty("Destination").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}:live", onAlias.GetProperty("FunctionArn").GetString());
        Assert.Equal(targetArn, onAlias.GetProperty("DestinationConfig").GetProperty("OnSuccess").GetProperty("Destination").GetString());
        Assert.False(onAlias.TryGetProperty("MaximumRetryAttempts", out _));
        Assert.Equal(
            new[] { $"arn:aws:lambda:us-east-1:000000000000:function:{name}:$LATEST", $"arn:aws:lambda:us-east-1:000000000000:function:{name}:live" },
            listed.EnumerateArray().Select(config => config.GetProperty("FunctionArn").GetString() ?? "").ToArray());
        Assert.Equal(0, afterRecreate.GetArrayLength());
    }

    [Fact]
    public async Task EventInvokeConfig_BadInput_LambdaErrorsAndNothingChanged()
    {
        var name = UniqueName("eic-bad");
        await CreateFunctionAsync(name);
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name, "--maximum-retry-attempts", "1");
        var path = $"/2019-09-25/functions/{name}/event-invoke-config";

        using var tooManyRetries = await SendAsync(HttpMethod.Put, path, """{"MaximumRetryAttempts":3}""");
        using var negativeRetries = await SendAsync(HttpMethod.Post, path, """{"MaximumRetryAttempts":-1}""");
        using var tooYoung = await SendAsync(HttpMethod.Put, path, """{"MaximumEventAgeInSeconds":59}""");
        using var tooOld = await SendAsync(HttpMethod.Put, path, """{"MaximumEventAgeInSeconds":21601}""");
        using var sqs = await SendAsync(HttpMethod.Put, path, """{"DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:000000000000:dlq"}}}""");
        using var badTopic = await SendAsync(HttpMethod.Put, path, """{"DestinationConfig":{"OnSuccess":{"Destination":"kafka://no spaces"}}}""");
        using var notAnArn = await SendAsync(HttpMethod.Post, path, """{"DestinationConfig":{"OnSuccess":{"Destination":"somewhere"}}}""");
        using var malformed = await SendAsync(HttpMethod.Put, path, """{"MaximumRetryAttempts":""");
        using var unknownQualifier = await SendAsync(HttpMethod.Put, path + "?Qualifier=nope", """{"MaximumRetryAttempts":0}""");
        using var unknownFunction = await SendAsync(HttpMethod.Put, $"/2019-09-25/functions/{UniqueName("absent")}/event-invoke-config", """{"MaximumRetryAttempts":0}""");
        using var updateMissing = await SendAsync(HttpMethod.Post, path + "?Qualifier=%24LATEST", "{}");
        var after = (await LambdaOkAsync("get-function-event-invoke-config", "--function-name", name))!.Value;
        var missingVersion = await LambdaFailsAsync("ResourceNotFoundException", "get-function-event-invoke-config", "--function-name", name, "--qualifier", "7");

        Assert.Contains("maximumRetryAttempts", await AssertErrorAsync(tooManyRetries, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        await AssertErrorAsync(negativeRetries, 400, "InvalidParameterValueException");
        Assert.Contains("maximumEventAgeInSeconds", await AssertErrorAsync(tooYoung, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        await AssertErrorAsync(tooOld, 400, "InvalidParameterValueException");
        Assert.Contains("not supported", await AssertErrorAsync(sqs, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        await AssertErrorAsync(badTopic, 400, "InvalidParameterValueException");
        await AssertErrorAsync(notAnArn, 400, "InvalidParameterValueException");
        await AssertErrorAsync(malformed, 400, "InvalidRequestContentException");
        await AssertErrorAsync(unknownQualifier, 404, "ResourceNotFoundException");
        await AssertErrorAsync(unknownFunction, 404, "ResourceNotFoundException");
        Assert.Equal(200, (int)updateMissing.StatusCode);
        Assert.Equal(1, after.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.False(after.TryGetProperty("MaximumEventAgeInSeconds", out _));
        Assert.False(after.GetProperty("DestinationConfig").GetProperty("OnSuccess").TryGetProperty("Destination", out _));
        Assert.Contains(":7", missingVersion, StringComparison.Ordinal);
    }
}
