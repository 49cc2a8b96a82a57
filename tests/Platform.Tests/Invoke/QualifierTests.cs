using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>Versions, aliases (weighted too) and updates, as invocations see them.</summary>
[Collection(PlatformCollection.Name)]
public sealed class QualifierTests(PlatformFixture fixture, ITestOutputHelper output) : InvokeTestBase(fixture, output)
{
    private const string CodeA = """
        handler () {
          echo '{"code":"a"}'
        }
        """;

    private const string CodeB = """
        handler () {
          echo '{"code":"b"}'
        }
        """;

    [Fact]
    public async Task Invoke_VersionAndAlias_RunThatVersionAndReportIt()
    {
        var name = UniqueName("versions");
        await CreateScriptFunctionAsync(name, CodeA);
        await LambdaOkAsync("publish-version", "--function-name", name);
        await UpdateCodeAsync(name, CodeB);
        await LambdaOkAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1");

        var (latestVersion, latestCode) = await InvokeCodeAsync(name, null);
        var (versionVersion, versionCode) = await InvokeCodeAsync(name, "?Qualifier=1");
        var (aliasVersion, aliasCode) = await InvokeCodeAsync($"{name}:live", null);
        var cli = await CliInvokeAsync(name, "{}", Path.Combine(Fixture.RootDirectory, $"{name}.json"), "--qualifier", "live");

        Assert.Equal(("$LATEST", "b"), (latestVersion, latestCode));
        Assert.Equal(("1", "a"), (versionVersion, versionCode));
        Assert.Equal(("1", "a"), (aliasVersion, aliasCode));
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal("1", cli.Json.GetProperty("ExecutedVersion").GetString());
    }

    [Fact]
    public async Task Invoke_WeightedAlias_RoutesByWeightAndReportsTheVersionThatRan()
    {
        var name = UniqueName("weights");
        await CreateScriptFunctionAsync(name, CodeA);
        await LambdaOkAsync("publish-version", "--function-name", name);
        await UpdateCodeAsync(name, CodeB);
        await LambdaOkAsync("publish-version", "--function-name", name);
        await LambdaOkAsync("create-alias", "--function-name", name, "--name", "canary", "--function-version", "1",
            "--routing-config", "AdditionalVersionWeights={2=0.3}");
        const int Invocations = 300;

        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Invocations; i++)
        {
            var (version, code) = await InvokeCodeAsync($"{name}:canary", null);
            Assert.Equal(version == "1" ? "a" : "b", code);
            counts[version] = counts.GetValueOrDefault(version) + 1;
        }

        Assert.Equal(["1", "2"], counts.Keys.Order());
        var share = counts["2"] / (double)Invocations;
        Assert.InRange(share, 0.18, 0.42);
    }

    [Fact]
    public async Task Invoke_AfterUpdateFunctionCode_RunsTheNewCode()
    {
        var name = UniqueName("update");
        await CreateScriptFunctionAsync(name, CodeA);
        var (_, before) = await InvokeCodeAsync(name, null);

        await UpdateCodeAsync(name, CodeB);
        var (_, after) = await InvokeCodeAsync(name, null);

        Assert.Equal("a", before);
        Assert.Equal("b", after);
    }

    [Fact]
    public async Task Invoke_AfterUpdateFunctionConfiguration_SeesTheNewSettings()
    {
        var name = UniqueName("config");
        await CreateDotnetFunctionAsync(name, Facts, "--environment", "Variables={COLOUR=blue}");
        var before = JsonDocument.Parse(await InvokeOkAsync(name, """{"VariableName":"COLOUR"}""")).RootElement;

        var update = await Fixture.Aws.LambdaAsync("update-function-configuration", "--function-name", name, "--environment", "Variables={COLOUR=green}", "--memory-size", "256");
        Assert.True(update.ExitCode == 0, update.ToString());
        var after = JsonDocument.Parse(await InvokeOkAsync(name, """{"VariableName":"COLOUR"}""")).RootElement;

        Assert.Equal("blue", before.GetProperty("UserVariable").GetString());
        Assert.Equal("green", after.GetProperty("UserVariable").GetString());
        Assert.Equal(256, after.GetProperty("MemoryLimitInMB").GetInt32());
    }

    [Fact]
    public async Task Invoke_AfterDeleteFunction_ResourceNotFound()
    {
        var name = UniqueName("deleted");
        await CreateScriptFunctionAsync(name, CodeA);
        await InvokeCodeAsync(name, null);

        var delete = await Fixture.Aws.LambdaAsync("delete-function", "--function-name", name);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        using var response = await InvokeAsync(name, "{}");

        await AssertErrorAsync(response, 404, "ResourceNotFoundException");
    }

    private async Task UpdateCodeAsync(string name, string script)
    {
        var result = await Fixture.Aws.LambdaAsync("update-function-code", "--function-name", name, "--zip-file", $"fileb://{ZipFile(ScriptZip(script))}");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private async Task<(string Version, string Code)> InvokeCodeAsync(string functionName, string? query)
    {
        using var response = await InvokeAsync(functionName, "{}", query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"), body);
        return (Assert.Single(response.Headers.GetValues("X-Amz-Executed-Version")), JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!);
    }
}
