using System.Text.RegularExpressions;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

[Collection(PlatformCollection.Name)]
public sealed partial class FunctionLifecycleTests(PlatformFixture fixture, ITestOutputHelper output) : ControlApiTestBase(fixture, output)
{
    [Fact]
    public async Task CreateFunction_ZipFile_PrintsActiveConfiguration()
    {
        var name = UniqueName("create");
        var zip = Fixture.Zip("HandlerShapes");

        var created = await CreateFunctionAsync(name, "--memory-size", "256", "--timeout", "10", "--description", "echo", "--environment", "Variables={KEY_A=1,KEY_B=two}");

        Assert.Equal(name, created.GetProperty("FunctionName").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", created.GetProperty("FunctionArn").GetString());
        Assert.Equal(Runtime, created.GetProperty("Runtime").GetString());
        Assert.Equal(Role, created.GetProperty("Role").GetString());
        Assert.Equal(Handler, created.GetProperty("Handler").GetString());
        Assert.Equal(zip.Length, created.GetProperty("CodeSize").GetInt64());
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(zip)), created.GetProperty("CodeSha256").GetString());
        Assert.Equal("echo", created.GetProperty("Description").GetString());
        Assert.Equal(10, created.GetProperty("Timeout").GetInt32());
        Assert.Equal(256, created.GetProperty("MemorySize").GetInt32());
        Assert.Equal("$LATEST", created.GetProperty("Version").GetString());
        Assert.Equal("two", created.GetProperty("Environment").GetProperty("Variables").GetProperty("KEY_B").GetString());
        Assert.Matches(LastModifiedRegex(), created.GetProperty("LastModified").GetString());
        Assert.True(Guid.TryParse(created.GetProperty("RevisionId").GetString(), out _));
        Assert.Equal("Active", created.GetProperty("State").GetString());
        Assert.Equal("Successful", created.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal("Zip", created.GetProperty("PackageType").GetString());
        Assert.Equal("x86_64", created.GetProperty("Architectures")[0].GetString());
        Assert.Equal("PassThrough", created.GetProperty("TracingConfig").GetProperty("Mode").GetString());
        Assert.Equal(512, created.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());
        Assert.Equal("Text", created.GetProperty("LoggingConfig").GetProperty("LogFormat").GetString());
        Assert.Equal($"/aws/lambda/{name}", created.GetProperty("LoggingConfig").GetProperty("LogGroup").GetString());
        Assert.Equal("None", created.GetProperty("SnapStart").GetProperty("ApplyOn").GetString());
    }

    [Fact]
    public async Task GetFunction_Created_PrintsConfigurationCodeLocationAndTags()
    {
        var name = UniqueName("get");
        var created = await CreateFunctionAsync(name, "--tags", "team=core");

        var function = (await LambdaOkAsync("get-function", "--function-name", name))!.Value;
        var configuration = (await LambdaOkAsync("get-function-configuration", "--function-name", name))!.Value;

        Assert.Equal(created.GetProperty("RevisionId").GetString(), function.GetProperty("Configuration").GetProperty("RevisionId").GetString());
        Assert.Equal(created.GetProperty("CodeSha256").GetString(), configuration.GetProperty("CodeSha256").GetString());
        Assert.Equal("S3", function.GetProperty("Code").GetProperty("RepositoryType").GetString());
        Assert.Equal("core", function.GetProperty("Tags").GetProperty("team").GetString());
        var location = function.GetProperty("Code").GetProperty("Location").GetString()!;
        var downloaded = await Fixture.Http.GetByteArrayAsync(location);
        Assert.Equal(Fixture.Zip("HandlerShapes"), downloaded);
    }

    [Fact]
    public async Task GetFunction_FullArnAndEncodedQualifier_FindsTheFunction()
    {
        var name = UniqueName("arn");
        await CreateFunctionAsync(name);

        var byArn = (await LambdaOkAsync("get-function-configuration", "--function-name", $"arn:aws:lambda:us-east-1:000000000000:function:{name}"))!.Value;
        var byPartialArn = (await LambdaOkAsync("get-function-configuration", "--function-name", $"000000000000:function:{name}:$LATEST"))!.Value;
        using var encoded = await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}%3A%24LATEST/configuration");

        Assert.Equal(name, byArn.GetProperty("FunctionName").GetString());
        Assert.Equal("$LATEST", byPartialArn.GetProperty("Version").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, encoded.StatusCode);
    }

    [Fact]
    public async Task ListFunctions_MaxItemsAndPageSize_PagesThroughEveryFunctionOnce()
    {
        var prefix = UniqueName("list");
        string[] names = [$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"];
        foreach (var name in names)
        {
            await CreateFunctionAsync(name);
        }

        var clientPages = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            string[] args = token is null ? ["list-functions", "--max-items", "2"] : ["list-functions", "--max-items", "2", "--starting-token", token];
            var page = (await LambdaOkAsync(args))!.Value;
            var functions = page.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()!).ToList();
            Assert.InRange(functions.Count, 1, 2);
            clientPages.AddRange(functions);
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 1000);
        var serverPaged = (await LambdaOkAsync("list-functions", "--page-size", "1"))!.Value
            .GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()!).ToList();
        using var trailingSlash = await SendAsync(HttpMethod.Get, "/2015-03-31/functions/?MaxItems=1");

        Assert.Subset(clientPages.ToHashSet(), names.ToHashSet());
        Assert.Equal(clientPages.Count, clientPages.Distinct().Count());
        Assert.Subset(serverPaged.ToHashSet(), names.ToHashSet());
        Assert.Equal(serverPaged.Count, serverPaged.Distinct().Count());
        Assert.Equal(clientPages.Order(StringComparer.Ordinal), serverPaged.Order(StringComparer.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.OK, trailingSlash.StatusCode);
    }

    [Fact]
    public async Task ListFunctions_FunctionVersionAll_ListsPublishedVersionsToo()
    {
        var name = UniqueName("listall");
        await CreateFunctionAsync(name, "--publish");

        var latestOnly = await ListedVersionsAsync(name, "list-functions", "--page-size", "2");
        var all = await ListedVersionsAsync(name, "list-functions", "--function-version", "ALL", "--page-size", "2");

        Assert.Equal(["$LATEST"], latestOnly);
        Assert.Equal(["$LATEST", "1"], all);
    }

    [Fact]
    public async Task UpdateFunctionCode_NewZip_ChangesCodeShaAndRevision()
    {
        var name = UniqueName("code");
        var created = await CreateFunctionAsync(name);
        var zip = ChangedZip();

        var updated = (await LambdaOkAsync("update-function-code", "--function-name", name, "--zip-file", $"fileb://{ZipFile(zip)}", "--revision-id", created.GetProperty("RevisionId").GetString()!))!.Value;
        var fetched = (await LambdaOkAsync("get-function-configuration", "--function-name", name))!.Value;

        var sha = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(zip));
        Assert.Equal(sha, updated.GetProperty("CodeSha256").GetString());
        Assert.Equal(zip.Length, updated.GetProperty("CodeSize").GetInt64());
        Assert.Equal("$LATEST", updated.GetProperty("Version").GetString());
        Assert.NotEqual(created.GetProperty("RevisionId").GetString(), updated.GetProperty("RevisionId").GetString());
        Assert.Equal(updated.GetProperty("RevisionId").GetString(), fetched.GetProperty("RevisionId").GetString());
        Assert.Equal(sha, fetched.GetProperty("CodeSha256").GetString());
        Assert.Equal(Handler, fetched.GetProperty("Handler").GetString());
    }

    [Fact]
    public async Task UpdateFunctionCode_Publish_AnswersTheNewVersion()
    {
        var name = UniqueName("codepub");
        await CreateFunctionAsync(name);

        var published = (await LambdaOkAsync("update-function-code", "--function-name", name, "--zip-file", $"fileb://{ZipFile(ChangedZip())}", "--publish"))!.Value;

        Assert.Equal("1", published.GetProperty("Version").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}:1", published.GetProperty("FunctionArn").GetString());
    }

    [Fact]
    public async Task UpdateFunctionCode_DryRun_ChangesNothing()
    {
        var name = UniqueName("dryrun");
        var created = await CreateFunctionAsync(name);
        var before = await SnapshotAsync(name);
        var zip = ChangedZip();

        var answer = (await LambdaOkAsync("update-function-code", "--function-name", name, "--zip-file", $"fileb://{ZipFile(zip)}", "--dry-run"))!.Value;

        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(zip)), answer.GetProperty("CodeSha256").GetString());
        Assert.Equal(before, await SnapshotAsync(name));
        Assert.Equal(created.GetProperty("CodeSha256").GetString(), (await LambdaOkAsync("get-function-configuration", "--function-name", name))!.Value.GetProperty("CodeSha256").GetString());
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_Settings_AreStoredAndPrinted()
    {
        var name = UniqueName("config");
        var created = await CreateFunctionAsync(name, "--environment", "Variables={OLD_KEY=1}");

        var updated = (await LambdaOkAsync(
            "update-function-configuration", "--function-name", name, "--memory-size", "512", "--timeout", "30",
            "--description", "updated", "--handler", "HandlerShapes::HandlerShapes.Functions::Upper",
            "--environment", "Variables={NEW_KEY=value}", "--tracing-config", "Mode=Active",
            "--ephemeral-storage", "Size=1024", "--logging-config", "LogFormat=JSON,ApplicationLogLevel=DEBUG"))!.Value;
        var fetched = (await LambdaOkAsync("get-function-configuration", "--function-name", name))!.Value;

        foreach (var config in new[] { updated, fetched })
        {
            Assert.Equal(512, config.GetProperty("MemorySize").GetInt32());
            Assert.Equal(30, config.GetProperty("Timeout").GetInt32());
            Assert.Equal("updated", config.GetProperty("Description").GetString());
            Assert.Equal("HandlerShapes::HandlerShapes.Functions::Upper", config.GetProperty("Handler").GetString());
            var variables = config.GetProperty("Environment").GetProperty("Variables");
            Assert.Equal("value", variables.GetProperty("NEW_KEY").GetString());
            Assert.False(variables.TryGetProperty("OLD_KEY", out _));
            Assert.Equal("Active", config.GetProperty("TracingConfig").GetProperty("Mode").GetString());
            Assert.Equal(1024, config.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());
            Assert.Equal("JSON", config.GetProperty("LoggingConfig").GetProperty("LogFormat").GetString());
            Assert.Equal("DEBUG", config.GetProperty("LoggingConfig").GetProperty("ApplicationLogLevel").GetString());
            Assert.Equal(created.GetProperty("CodeSha256").GetString(), config.GetProperty("CodeSha256").GetString());
        }

        Assert.NotEqual(created.GetProperty("RevisionId").GetString(), updated.GetProperty("RevisionId").GetString());
    }

    [Fact]
    public async Task DeleteFunction_Existing_IsGoneFromGetAndList()
    {
        var name = UniqueName("delete");
        await CreateFunctionAsync(name, "--publish");

        await LambdaOkAsync("delete-function", "--function-name", name);

        var stderr = await LambdaFailsAsync("ResourceNotFoundException", "get-function", "--function-name", name);
        Assert.Contains($"Function not found: arn:aws:lambda:us-east-1:000000000000:function:{name}", stderr, StringComparison.Ordinal);
        var listed = (await LambdaOkAsync("list-functions", "--function-version", "ALL"))!.Value.GetProperty("Functions").EnumerateArray();
        Assert.DoesNotContain(listed, function => function.GetProperty("FunctionName").GetString() == name);
    }

    [Fact]
    public async Task DeleteFunction_Recreated_StartsFresh()
    {
        var name = UniqueName("recreate");
        await CreateFunctionAsync(name, "--publish", "--tags", "old=1");
        await LambdaOkAsync("delete-function", "--function-name", name);

        var created = await CreateFunctionAsync(name);
        var function = (await LambdaOkAsync("get-function", "--function-name", name))!.Value;
        var versions = (await LambdaOkAsync("list-versions-by-function", "--function-name", name))!.Value.GetProperty("Versions");

        Assert.Equal("$LATEST", created.GetProperty("Version").GetString());
        Assert.False(function.TryGetProperty("Tags", out _));
        Assert.Equal(1, versions.GetArrayLength());
    }

    private async Task<List<string>> ListedVersionsAsync(string name, params string[] args)
        => [.. (await LambdaOkAsync(args))!.Value.GetProperty("Functions").EnumerateArray()
            .Where(function => function.GetProperty("FunctionName").GetString() == name)
            .Select(function => function.GetProperty("Version").GetString()!)];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$")]
    private static partial Regex LastModifiedRegex();
}
