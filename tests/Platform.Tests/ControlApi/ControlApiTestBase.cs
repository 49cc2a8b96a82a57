using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

/// <summary>What the control API tests share: deploying HandlerShapes with the AWS CLI and raw HTTP calls.</summary>
public abstract class ControlApiTestBase(PlatformFixture fixture, ITestOutputHelper output) : PlatformTestBase(fixture, output)
{
    protected const string Runtime = "dotnet10";

    protected const string Handler = "HandlerShapes::HandlerShapes.Functions::Echo";

    /// <summary>A HandlerShapes zip that differs from the fixture's in one file, so its CodeSha256 is new.</summary>
    protected byte[] ChangedZip() => Fixture.Zip("HandlerShapes", zip => zip.AddFile($"changed-{Guid.NewGuid():N}.txt", "changed"));

    /// <summary>Creates a function with the CLI and returns the configuration it printed.</summary>
    protected async Task<JsonElement> CreateFunctionAsync(string name, params string[] extra)
    {
        var result = await Fixture.Aws.LambdaAsync([
            "create-function", "--function-name", name, "--runtime", Runtime, "--handler", Handler, "--role", Role,
            "--zip-file", $"fileb://{ZipFile(Fixture.Zip("HandlerShapes"))}", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    /// <summary>Runs an <c>aws lambda</c> command that must succeed and returns what it printed (null when nothing).</summary>
    protected async Task<JsonElement?> LambdaOkAsync(params string[] args)
    {
        var result = await Fixture.Aws.LambdaAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return string.IsNullOrWhiteSpace(result.Stdout) ? null : result.Json;
    }

    /// <summary>Runs an <c>aws lambda</c> command that must fail with an error code, and returns its stderr.</summary>
    protected async Task<string> LambdaFailsAsync(string errorCode, params string[] args)
    {
        var result = await Fixture.Aws.LambdaAsync(args);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"({errorCode})", result.Stderr, StringComparison.Ordinal);
        return result.Stderr;
    }

    /// <summary>Sends a raw request to the gateway.</summary>
    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Fixture.GatewayUri, path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await Fixture.Http.SendAsync(request);
    }

    /// <summary>Asserts a Lambda-shaped error answer and returns its message.</summary>
    protected static async Task<string> AssertErrorAsync(HttpResponseMessage response, int status, string errorType)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {errorType}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(errorType, Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
        Assert.NotEmpty(response.Headers.GetValues("x-amzn-RequestId"));
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var message = root.TryGetProperty("message", out var lower) ? lower : root.GetProperty("Message");
        return message.GetString()!;
    }

    /// <summary>The function's full GetFunction answer as raw JSON text, to compare state before and after a refused request.</summary>
    protected async Task<string> SnapshotAsync(string name)
    {
        using var function = await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}");
        using var versions = await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}/versions");
        using var aliases = await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}/aliases");
        using var concurrency = await SendAsync(HttpMethod.Get, $"/2019-09-30/functions/{name}/concurrency");
        using var urls = await SendAsync(HttpMethod.Get, $"/2021-10-31/functions/{name}/urls");
        return string.Join("\n", [
            (int)function.StatusCode + await function.Content.ReadAsStringAsync(),
            await versions.Content.ReadAsStringAsync(),
            await aliases.Content.ReadAsStringAsync(),
            await concurrency.Content.ReadAsStringAsync(),
            await urls.Content.ReadAsStringAsync()]);
    }
}
