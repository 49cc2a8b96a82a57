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

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$")]
    private static partial Regex LastModifiedRegex();
}
