using System.Text;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.EventSources;

/// <summary>Create/Get/List/Update/DeleteEventSourceMapping through the real AWS CLI and over HTTP, and every refusal.</summary>
[Collection(EventSourceCollection.Name)]
public sealed class EventSourceMappingApiTests(EventSourceFixture sources, ITestOutputHelper output) : EventSourceTestBase(sources, output)
{
    [Fact]
    public async Task EventSourceMapping_AwsCliLifecycle_CreatesGetsListsUpdatesAndDeletesAsLambda()
    {
        var name = UniqueName("esm-api");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, "handler () { echo '{}'; }");

        var created = await CreateMappingAsync(name, topic, "--batch-size", "10", "--provisioned-poller-config", "MinimumPollers=1,MaximumPollers=3",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"kafka://dlq-{{{name}}}"}}""");
        var uuid = created.GetProperty("UUID").GetString()!;
        await WaitForStateAsync(uuid, "Enabled");
        var second = await CreateMappingAsync(name, $"{topic}-b", "--starting-position", "LATEST");
        var listed = await LambdaOkAsync("list-event-source-mappings", "--function-name", name);
        var firstPage = await Fixture.Aws.RunAsync(["lambda", "list-event-source-mappings", "--function-name", name, "--max-items", "1", "--no-paginate"]);
        var updated = await LambdaOkAsync("update-event-source-mapping", "--uuid", uuid, "--batch-size", "50", "--maximum-retry-attempts", "3");
        var afterUpdate = await GetMappingAsync(uuid);
        var disabled = await LambdaOkAsync("update-event-source-mapping", "--uuid", uuid, "--no-enabled");
        await WaitForStateAsync(uuid, "Disabled");
        var deleted = await LambdaOkAsync("delete-event-source-mapping", "--uuid", uuid);
        var gone = await Fixture.Aws.LambdaAsync("get-event-source-mapping", "--uuid", uuid);
        await LambdaOkAsync("delete-event-source-mapping", "--uuid", second.GetProperty("UUID").GetString()!);

        Assert.Equal(36, uuid.Length);
        Assert.Equal("Creating", created.GetProperty("State").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", created.GetProperty("FunctionArn").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:event-source-mapping:{uuid}", created.GetProperty("EventSourceMappingArn").GetString());
        Assert.Equal(topic, Assert.Single(created.GetProperty("Topics").EnumerateArray()).GetString());
        Assert.Equal(Brokers, created.GetProperty("SelfManagedEventSource").GetProperty("Endpoints").GetProperty("KAFKA_BOOTSTRAP_SERVERS")[0].GetString());
        Assert.Equal("TRIM_HORIZON", created.GetProperty("StartingPosition").GetString());
        Assert.Equal(10, created.GetProperty("BatchSize").GetInt32());
        Assert.Equal(-1, created.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(-1, created.GetProperty("MaximumRecordAgeInSeconds").GetInt32());
        Assert.Equal(uuid, created.GetProperty("SelfManagedKafkaEventSourceConfig").GetProperty("ConsumerGroupId").GetString());
        Assert.Equal($"kafka://dlq-{name}", created.GetProperty("DestinationConfig").GetProperty("OnFailure").GetProperty("Destination").GetString());
        Assert.Equal(3, created.GetProperty("ProvisionedPollerConfig").GetProperty("MaximumPollers").GetInt32());
        Assert.Equal("No records processed", created.GetProperty("LastProcessingResult").GetString());
        Assert.Equal("USER_INITIATED", created.GetProperty("StateTransitionReason").GetString());
        Assert.True(created.GetProperty("LastModified").GetDouble() > 1_700_000_000);
        Assert.Equal(2, listed!.Value.GetProperty("EventSourceMappings").GetArrayLength());
        Assert.True(firstPage.ExitCode == 0, firstPage.ToString());
        Assert.Equal(1, firstPage.Json.GetProperty("EventSourceMappings").GetArrayLength());
        Assert.True(firstPage.Json.TryGetProperty("NextMarker", out _), firstPage.Stdout);
        Assert.Equal("Updating", updated!.Value.GetProperty("State").GetString());
        Assert.Equal(50, afterUpdate.GetProperty("BatchSize").GetInt32());
        Assert.Equal(3, afterUpdate.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(topic, afterUpdate.GetProperty("Topics")[0].GetString());
        Assert.Equal("Disabling", disabled!.Value.GetProperty("State").GetString());
        Assert.Equal("Deleting", deleted!.Value.GetProperty("State").GetString());
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("ResourceNotFoundException", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEventSourceMapping_BadInputs_EachALambdaErrorAndNothingCreated()
    {
        var name = UniqueName("esm-bad");
        var slow = UniqueName("esm-slow");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, "handler () { echo '{}'; }");
        await CreateScriptFunctionAsync(slow, "handler () { echo '{}'; }", "--timeout", "900");
        var servers = $$$"""{"Endpoints":{"KAFKA_BOOTSTRAP_SERVERS":["{{{Brokers}}}"]}}""";
        string Body(string extra, string function = "") => $$"""{"FunctionName":"{{(function.Length == 0 ? name : function)}}","Topics":["{{topic}}"],"StartingPosition":"TRIM_HORIZON","SelfManagedEventSource":{{servers}}{{extra}}}""";
        (string Body, int Status, string Type)[] cases =
        [
            (Body("", "no-such-function"), 404, "ResourceNotFoundException"),
            (Body("", slow), 400, "InvalidParameterValueException"),
            (Body(""","BatchSize":0"""), 400, "InvalidParameterValueException"),
            (Body(""","BatchSize":10001"""), 400, "InvalidParameterValueException"),
            (Body(""","MaximumBatchingWindowInSeconds":301"""), 400, "InvalidParameterValueException"),
            (Body(""","MaximumRetryAttempts":-2"""), 400, "InvalidParameterValueException"),
            (Body(""","MaximumRecordAgeInSeconds":59"""), 400, "InvalidParameterValueException"),
            (Body(""","ProvisionedPollerConfig":{"MinimumPollers":0}"""), 400, "InvalidParameterValueException"),
            (Body(""","ProvisionedPollerConfig":{"MinimumPollers":5,"MaximumPollers":2}"""), 400, "InvalidParameterValueException"),
            (Body(""","FilterCriteria":{"Filters":[{"Pattern":"{}"}]}"""), 400, "InvalidParameterValueException"),
            (Body(""","SourceAccessConfigurations":[{"Type":"BASIC_AUTH","URI":"arn:aws:secretsmanager:us-east-1:000000000000:secret:x"}]"""), 400, "InvalidParameterValueException"),
            (Body(""","SelfManagedKafkaEventSourceConfig":{"SchemaRegistryConfig":{"SchemaRegistryURI":"http://x"}}"""), 400, "InvalidParameterValueException"),
            (Body(""","DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:000000000000:q"}}"""), 400, "InvalidParameterValueException"),
            (Body($$$""","DestinationConfig":{"OnFailure":{"Destination":"kafka://{{{topic}}}"}}"""), 400, "InvalidParameterValueException"),
            (Body(""","FunctionResponseTypes":["Other"]"""), 400, "InvalidParameterValueException"),
            (Body(""","EventSourceArn":"arn:aws:kinesis:us-east-1:000000000000:stream/s" """), 400, "InvalidParameterValueException"),
            ($$"""{"FunctionName":"{{name}}","Topics":["{{topic}}","other"],"StartingPosition":"TRIM_HORIZON","SelfManagedEventSource":{{servers}}}""", 400, "InvalidParameterValueException"),
            ($$"""{"FunctionName":"{{name}}","Topics":["{{topic}}"],"StartingPosition":"TRIM_HORIZON"}""", 400, "InvalidParameterValueException"),
            ($$"""{"FunctionName":"{{name}}","Topics":["{{topic}}"],"SelfManagedEventSource":{{servers}}}""", 400, "InvalidParameterValueException"),
            ($$"""{"FunctionName":"{{name}}","Topics":["{{topic}}"],"StartingPosition":"AT_TIMESTAMP","SelfManagedEventSource":{{servers}}}""", 400, "InvalidParameterValueException"),
            ("""{"FunctionName":""", 400, "InvalidRequestContentException"),
        ];

        var answers = new List<string>();
        foreach (var (body, status, type) in cases)
        {
            using var response = await Fixture.Http.PostAsync(new Uri(Fixture.GatewayUri, "/2015-03-31/event-source-mappings"), new StringContent(body, Encoding.UTF8, "application/json"));
            answers.Add($"{body} => {await AssertErrorAsync(response, status, type)}");
        }

        var none = await LambdaOkAsync("list-event-source-mappings", "--function-name", name);
        var created = await CreateMappingAsync(name, topic);
        var duplicate = await Fixture.Aws.LambdaAsync("create-event-source-mapping", "--function-name", name, "--topics", topic, "--starting-position", "LATEST",
            "--self-managed-event-source", servers);
        using var badUpdate = await Fixture.Http.PutAsync(
            new Uri(Fixture.GatewayUri, $"/2015-03-31/event-source-mappings/{created.GetProperty("UUID").GetString()}"),
            new StringContent("""{"Topics":["another"]}""", Encoding.UTF8, "application/json"));
        var updateMessage = await AssertErrorAsync(badUpdate, 400, "InvalidParameterValueException");
        var after = await GetMappingAsync(created.GetProperty("UUID").GetString()!);
        await LambdaOkAsync("delete-event-source-mapping", "--uuid", created.GetProperty("UUID").GetString()!);

        Output.WriteLine(string.Join("\n", answers));
        Assert.Equal(0, none!.Value.GetProperty("EventSourceMappings").GetArrayLength());
        Assert.NotEqual(0, duplicate.ExitCode);
        Assert.Contains("ResourceConflictException", duplicate.Stderr, StringComparison.Ordinal);
        Assert.Contains("Topics", updateMessage, StringComparison.Ordinal);
        Assert.Equal(topic, after.GetProperty("Topics")[0].GetString());
    }

    [Fact]
    public async Task GetEventSourceMapping_UnknownUuid_ResourceNotFound()
    {
        using var response = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, $"/2015-03-31/event-source-mappings/{Guid.NewGuid()}"));

        await AssertErrorAsync(response, 404, "ResourceNotFoundException");
    }
}
