using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>What the invoke tests share: deploying fixture functions, invoking over HTTP and through the AWS CLI.</summary>
public abstract class InvokeTestBase(PlatformFixture fixture, ITestOutputHelper output) : PlatformTestBase(fixture, output)
{
    protected const string DotnetRuntime = "dotnet10";

    /// <summary>The running test's output.</summary>
    protected ITestOutputHelper Output { get; } = output;

    protected const string Echo = "HandlerShapes::HandlerShapes.Functions::Echo";

    protected const string Sleep = "HandlerShapes::HandlerShapes.Functions::Sleep";

    protected const string Throw = "HandlerShapes::HandlerShapes.Functions::Throw";

    protected const string Log = "HandlerShapes::HandlerShapes.Functions::Log";

    protected const string Facts = "HandlerShapes::HandlerShapes.Functions::Facts";

    /// <summary>Creates a HandlerShapes function with the CLI.</summary>
    protected Task<JsonElement> CreateDotnetFunctionAsync(string name, string handler, params string[] extra)
        => CreateFunctionAsync(name, DotnetRuntime, handler, Fixture.Zip("HandlerShapes"), extra);

    /// <summary>Creates a custom-runtime function whose handler is the shell script given (function <c>handler</c> in <c>script.sh</c>).</summary>
    protected Task<JsonElement> CreateScriptFunctionAsync(string name, string script, params string[] extra)
        => CreateFunctionAsync(name, "provided.al2023", "script.handler", ScriptZip(script), extra);

    /// <summary>A CurlBootstrap zip with <c>script.sh</c> holding the handler.</summary>
    internal static byte[] ScriptZip(string script)
    {
        var builder = new FunctionPackageBuilder().AddFolder(PlatformFixture.FixtureFolder("CurlBootstrap")).AddFile("script.sh", script);
        var path = Path.Combine(Path.GetTempPath(), $"faas-script-{Guid.NewGuid():N}.zip");
        try
        {
            return File.ReadAllBytes(builder.Build(path).Path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    protected async Task<JsonElement> CreateFunctionAsync(string name, string runtime, string handler, byte[] zip, params string[] extra)
    {
        var result = await Fixture.Aws.LambdaAsync([
            "create-function", "--function-name", name, "--runtime", runtime, "--handler", handler, "--role", Role,
            "--zip-file", $"fileb://{ZipFile(zip)}", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    private static readonly Lazy<Task<bool>> CliIsVersion2 = new(async () =>
    {
        var start = new System.Diagnostics.ProcessStartInfo("aws", "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Contains("aws-cli/2", StringComparison.Ordinal);
    });

    /// <summary>
    /// Runs <c>aws lambda invoke</c> with a raw JSON payload (CLI v2 needs <c>--cli-binary-format raw-in-base64-out</c>
    /// for that, v1 sends it as given) and the output file last.
    /// </summary>
    protected async Task<AwsCliResult> CliInvokeAsync(string functionName, string? payload, string outFile, params string[] extra)
    {
        List<string> args = ["invoke", "--function-name", functionName, .. extra];
        if (payload is not null)
        {
            if (await CliIsVersion2.Value)
            {
                args.AddRange(["--cli-binary-format", "raw-in-base64-out"]);
            }

            args.AddRange(["--payload", payload]);
        }

        args.Add(outFile);
        return await Fixture.Aws.LambdaAsync([.. args]);
    }

    /// <summary>Posts to the Invoke API.</summary>
    protected async Task<HttpResponseMessage> InvokeAsync(string functionName, string? payload, string? query = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Fixture.GatewayUri, $"/2015-03-31/functions/{functionName}/invocations{query}"));
        if (payload is not null)
        {
            request.Content = new StringContent(payload, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Fixture.Http.SendAsync(request);
    }

    /// <summary>Invokes and asserts a 200 without function error; returns the body.</summary>
    protected async Task<string> InvokeOkAsync(string functionName, string payload, string? query = null)
    {
        using var response = await InvokeAsync(functionName, payload, query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"), body);
        return body;
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

    /// <summary>Runs an <c>aws lambda</c> command that must succeed; returns what it printed (null when nothing).</summary>
    protected async Task<JsonElement?> LambdaOkAsync(params string[] args)
    {
        var result = await Fixture.Aws.LambdaAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return string.IsNullOrWhiteSpace(result.Stdout) ? null : result.Json;
    }
}
