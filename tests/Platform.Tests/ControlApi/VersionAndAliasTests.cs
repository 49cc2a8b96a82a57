using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

[Collection(PlatformCollection.Name)]
public sealed class VersionAndAliasTests(PlatformFixture fixture, ITestOutputHelper output) : ControlApiTestBase(fixture, output)
{
    [Fact]
    public async Task PublishVersion_UnchangedLatestTwice_AnswersTheSameVersion()
    {
        var name = UniqueName("publish");
        var created = await CreateFunctionAsync(name);

        var first = (await LambdaOkAsync("publish-version", "--function-name", name, "--description", "first"))!.Value;
        var again = (await LambdaOkAsync("publish-version", "--function-name", name))!.Value;

        Assert.Equal("1", first.GetProperty("Version").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}:1", first.GetProperty("FunctionArn").GetString());
        Assert.Equal("first", first.GetProperty("Description").GetString());
        Assert.Equal(created.GetProperty("CodeSha256").GetString(), first.GetProperty("CodeSha256").GetString());
        Assert.Equal("1", again.GetProperty("Version").GetString());
        Assert.Equal(first.GetProperty("RevisionId").GetString(), again.GetProperty("RevisionId").GetString());
    }

    [Fact]
    public async Task PublishVersion_AfterCodeChange_PublishesTheNextVersionAndListsAll()
    {
        var name = UniqueName("versions");
        await CreateFunctionAsync(name);
        await LambdaOkAsync("publish-version", "--function-name", name);
        var updated = (await LambdaOkAsync("update-function-code", "--function-name", name, "--zip-file", $"fileb://{ZipFile(ChangedZip())}"))!.Value;

        var second = (await LambdaOkAsync("publish-version", "--function-name", name, "--code-sha256", updated.GetProperty("CodeSha256").GetString()!, "--revision-id", updated.GetProperty("RevisionId").GetString()!))!.Value;
        var versions = (await LambdaOkAsync("list-versions-by-function", "--function-name", name))!.Value.GetProperty("Versions");
        var paged = (await LambdaOkAsync("list-versions-by-function", "--function-name", name, "--page-size", "1"))!.Value.GetProperty("Versions");
        var version1 = (await LambdaOkAsync("get-function-configuration", "--function-name", name, "--qualifier", "1"))!.Value;

        Assert.Equal("2", second.GetProperty("Version").GetString());
        Assert.Equal(updated.GetProperty("CodeSha256").GetString(), second.GetProperty("CodeSha256").GetString());
        Assert.Equal(["$LATEST", "1", "2"], versions.EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
        Assert.Equal(["$LATEST", "1", "2"], paged.EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
        Assert.NotEqual(updated.GetProperty("CodeSha256").GetString(), version1.GetProperty("CodeSha256").GetString());
    }

    [Fact]
    public async Task PublishVersion_StaleCodeSha256_IsRefused()
    {
        var name = UniqueName("staleSha");
        await CreateFunctionAsync(name);

        var stderr = await LambdaFailsAsync("InvalidParameterValueException", "publish-version", "--function-name", name, "--code-sha256", "c3RhbGU=");

        Assert.Contains("is different from current CodeSHA256 in $LATEST", stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await LambdaOkAsync("list-versions-by-function", "--function-name", name))!.Value.GetProperty("Versions").GetArrayLength());
    }

    [Fact]
    public async Task DeleteFunction_Version_DeletesOnlyThatVersion()
    {
        var name = UniqueName("delver");
        await CreateFunctionAsync(name, "--publish");

        await LambdaOkAsync("delete-function", "--function-name", name, "--qualifier", "1");

        var versions = (await LambdaOkAsync("list-versions-by-function", "--function-name", name))!.Value.GetProperty("Versions");
        Assert.Equal(["$LATEST"], versions.EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
        await LambdaFailsAsync("ResourceNotFoundException", "get-function", "--function-name", name, "--qualifier", "1");
        var next = (await LambdaOkAsync("publish-version", "--function-name", name))!.Value;
        Assert.Equal("2", next.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task DeleteFunction_VersionAnAliasUses_IsRefused()
    {
        var name = UniqueName("delaliased");
        await CreateFunctionAsync(name, "--publish");
        await LambdaOkAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1");

        var stderr = await LambdaFailsAsync("ResourceConflictException", "delete-function", "--function-name", name, "--qualifier", "1");
        var latest = await LambdaFailsAsync("InvalidParameterValueException", "delete-function", "--function-name", name, "--qualifier", "$LATEST");

        Assert.Contains("[live]", stderr, StringComparison.Ordinal);
        Assert.Contains("$LATEST version cannot be deleted", latest, StringComparison.Ordinal);
        Assert.Equal(2, (await LambdaOkAsync("list-versions-by-function", "--function-name", name))!.Value.GetProperty("Versions").GetArrayLength());
    }

    [Fact]
    public async Task Aliases_CreateGetUpdateListDelete_WithRoutingConfig()
    {
        var name = UniqueName("alias");
        await CreateFunctionAsync(name, "--publish");
        await LambdaOkAsync("update-function-code", "--function-name", name, "--zip-file", $"fileb://{ZipFile(ChangedZip())}", "--publish");

        var created = (await LambdaOkAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1",
            "--description", "production", "--routing-config", "{\"AdditionalVersionWeights\":{\"2\":0.25}}"))!.Value;
        var fetched = (await LambdaOkAsync("get-alias", "--function-name", name, "--name", "live"))!.Value;
        var updated = (await LambdaOkAsync("update-alias", "--function-name", name, "--name", "live", "--function-version", "2",
            "--routing-config", "{\"AdditionalVersionWeights\":{}}", "--revision-id", created.GetProperty("RevisionId").GetString()!))!.Value;
        await LambdaOkAsync("create-alias", "--function-name", name, "--name", "beta", "--function-version", "$LATEST");
        var listed = (await LambdaOkAsync("list-aliases", "--function-name", name))!.Value.GetProperty("Aliases");
        var onVersion2 = (await LambdaOkAsync("list-aliases", "--function-name", name, "--function-version", "2"))!.Value.GetProperty("Aliases");
        var viaAlias = (await LambdaOkAsync("get-function-configuration", "--function-name", name, "--qualifier", "live"))!.Value;
        await LambdaOkAsync("delete-alias", "--function-name", name, "--name", "beta");
        var afterDelete = (await LambdaOkAsync("list-aliases", "--function-name", name))!.Value.GetProperty("Aliases");

        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}:live", created.GetProperty("AliasArn").GetString());
        Assert.Equal("live", created.GetProperty("Name").GetString());
        Assert.Equal("1", created.GetProperty("FunctionVersion").GetString());
        Assert.Equal("production", created.GetProperty("Description").GetString());
        Assert.Equal(0.25, created.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").GetProperty("2").GetDouble());
        Assert.Equal(created.GetProperty("RevisionId").GetString(), fetched.GetProperty("RevisionId").GetString());
        Assert.Equal(0.25, fetched.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").GetProperty("2").GetDouble());
        Assert.Equal("2", updated.GetProperty("FunctionVersion").GetString());
        Assert.False(updated.TryGetProperty("RoutingConfig", out _));
        Assert.Equal("production", updated.GetProperty("Description").GetString());
        Assert.NotEqual(created.GetProperty("RevisionId").GetString(), updated.GetProperty("RevisionId").GetString());
        Assert.Equal(["beta", "live"], listed.EnumerateArray().Select(a => a.GetProperty("Name").GetString()));
        Assert.Equal(["live"], onVersion2.EnumerateArray().Select(a => a.GetProperty("Name").GetString()));
        Assert.Equal("2", viaAlias.GetProperty("Version").GetString());
        Assert.Equal(["live"], afterDelete.EnumerateArray().Select(a => a.GetProperty("Name").GetString()));
    }

    [Fact]
    public async Task CreateAlias_BadInput_IsRefusedAndChangesNothing()
    {
        var name = UniqueName("badalias");
        await CreateFunctionAsync(name, "--publish");
        await LambdaOkAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1");
        var before = await SnapshotAsync(name);

        var digits = await LambdaFailsAsync("InvalidParameterValueException", "create-alias", "--function-name", name, "--name", "123", "--function-version", "1");
        var missingVersion = await LambdaFailsAsync("ResourceNotFoundException", "create-alias", "--function-name", name, "--name", "next", "--function-version", "7");
        var duplicate = await LambdaFailsAsync("ResourceConflictException", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1");
        var weight = await LambdaFailsAsync("InvalidParameterValueException", "create-alias", "--function-name", name, "--name", "heavy", "--function-version", "1",
            "--routing-config", "{\"AdditionalVersionWeights\":{\"1\":1.5}}");
        var twoWeights = await LambdaFailsAsync("InvalidParameterValueException", "create-alias", "--function-name", name, "--name", "split", "--function-version", "1",
            "--routing-config", "{\"AdditionalVersionWeights\":{\"2\":0.1,\"3\":0.1}}");
        var staleRevision = await LambdaFailsAsync("PreconditionFailedException", "update-alias", "--function-name", name, "--name", "live", "--function-version", "$LATEST",
            "--revision-id", Guid.NewGuid().ToString());
        var unknownAlias = await LambdaFailsAsync("ResourceNotFoundException", "get-alias", "--function-name", name, "--name", "nope");

        Assert.Contains("failed to satisfy constraint", digits, StringComparison.Ordinal);
        Assert.Contains($"function:{name}:7", missingVersion, StringComparison.Ordinal);
        Assert.Contains("Alias already exists", duplicate, StringComparison.Ordinal);
        Assert.Contains("routingConfig.additionalVersionWeights", weight, StringComparison.Ordinal);
        Assert.Contains("cannot be greater than 1", twoWeights, StringComparison.Ordinal);
        Assert.Contains("Revision Id provided does not match", staleRevision, StringComparison.Ordinal);
        Assert.Contains($"Cannot find alias arn: arn:aws:lambda:us-east-1:000000000000:function:{name}:nope", unknownAlias, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(name));
    }
}
