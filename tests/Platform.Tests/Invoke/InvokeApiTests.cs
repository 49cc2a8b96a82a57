using System.Net;
using System.Text;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>Lambda's Invoke API end to end: HTTP and the AWS CLI against a real platform.</summary>
[Collection(PlatformCollection.Name)]
public sealed class InvokeApiTests(PlatformFixture fixture, ITestOutputHelper output) : InvokeTestBase(fixture, output)
{
    [Fact]
    public async Task Invoke_RequestResponse_ReturnsOutputWithExecutedVersion()
    {
        var name = UniqueName("echo");
        await CreateDotnetFunctionAsync(name, Echo);

        using var response = await InvokeAsync(name, """{"Message":"hello"}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", JsonDocument.Parse(body).RootElement.GetProperty("Message").GetString());
        Assert.Equal("$LATEST", Assert.Single(response.Headers.GetValues("X-Amz-Executed-Version")));
        Assert.NotEmpty(response.Headers.GetValues("x-amzn-RequestId"));
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("X-Faas-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Invoke_WarmEnvironment_ReusedByNextInvocation()
    {
        var name = UniqueName("warm");
        await CreateDotnetFunctionAsync(name, Sleep);

        var first = JsonDocument.Parse(await InvokeOkAsync(name, """{"Milliseconds":1}""")).RootElement;
        var second = JsonDocument.Parse(await InvokeOkAsync(name, """{"Milliseconds":1}""")).RootElement;

        Assert.Equal(first.GetProperty("ProcessId").GetInt32(), second.GetProperty("ProcessId").GetInt32());
        Assert.NotEqual(first.GetProperty("AwsRequestId").GetString(), second.GetProperty("AwsRequestId").GetString());
    }

    [Fact]
    public async Task Invoke_AwsCli_PrintsStatusAndWritesOutput()
    {
        var name = UniqueName("cli");
        await CreateDotnetFunctionAsync(name, Echo);
        var outFile = Path.Combine(Fixture.RootDirectory, $"{name}.json");

        var result = await CliInvokeAsync(name, """{"Message":"from cli"}""", outFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(200, result.Json.GetProperty("StatusCode").GetInt32());
        Assert.Equal("$LATEST", result.Json.GetProperty("ExecutedVersion").GetString());
        Assert.False(result.Json.TryGetProperty("FunctionError", out _));
        Assert.Equal("from cli", JsonDocument.Parse(File.ReadAllText(outFile)).RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task Invoke_LogTypeTail_PrintsLogResultWithFunctionOutput()
    {
        var name = UniqueName("tail");
        await CreateDotnetFunctionAsync(name, Log);
        var outFile = Path.Combine(Fixture.RootDirectory, $"{name}.json");

        var result = await CliInvokeAsync(name, """{"Marker":"tail-marker"}""", outFile, "--log-type", "Tail");

        Assert.True(result.ExitCode == 0, result.ToString());
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(result.Json.GetProperty("LogResult").GetString()!));
        Assert.Contains("tail-marker via Console", log, StringComparison.Ordinal);
        Assert.Contains("REPORT RequestId:", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_FunctionThrows_ReportsUnhandledFunctionError()
    {
        var name = UniqueName("throw");
        await CreateDotnetFunctionAsync(name, Throw);
        var outFile = Path.Combine(Fixture.RootDirectory, $"{name}.json");

        var result = await CliInvokeAsync(name, """{"Message":"boom"}""", outFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(200, result.Json.GetProperty("StatusCode").GetInt32());
        Assert.Equal("Unhandled", result.Json.GetProperty("FunctionError").GetString());
        var error = JsonDocument.Parse(File.ReadAllText(outFile)).RootElement;
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal("outer boom", error.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Invoke_FunctionTimesOut_ReportsTimeoutAsFunctionError()
    {
        var name = UniqueName("timeout");
        await CreateDotnetFunctionAsync(name, Sleep, "--timeout", "1");

        using var response = await InvokeAsync(name, """{"Milliseconds":5000}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", Assert.Single(response.Headers.GetValues("X-Amz-Function-Error")));
        Assert.Contains("Task timed out after 1.00 seconds", body, StringComparison.Ordinal);

        // The environment was replaced; the function still answers.
        await InvokeOkAsync(name, """{"Milliseconds":1}""");
    }

    [Fact]
    public async Task Invoke_UnknownFunction_ResourceNotFound()
    {
        var name = UniqueName("missing");

        using var response = await InvokeAsync(name, "{}");
        var cli = await Fixture.Aws.LambdaAsync("invoke", "--function-name", name, Path.Combine(Fixture.RootDirectory, $"{name}.json"));

        var message = await AssertErrorAsync(response, 404, "ResourceNotFoundException");
        Assert.Equal($"Function not found: arn:aws:lambda:us-east-1:000000000000:function:{name}", message);
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("(ResourceNotFoundException)", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_UnknownQualifier_ResourceNotFoundNamingIt()
    {
        var name = UniqueName("noqual");
        await CreateDotnetFunctionAsync(name, Echo);

        using var byQuery = await InvokeAsync(name, "{}", "?Qualifier=7");
        using var byPath = await InvokeAsync($"{name}:live", "{}");

        Assert.Equal($"Function not found: arn:aws:lambda:us-east-1:000000000000:function:{name}:7", await AssertErrorAsync(byQuery, 404, "ResourceNotFoundException"));
        Assert.Equal($"Function not found: arn:aws:lambda:us-east-1:000000000000:function:{name}:live", await AssertErrorAsync(byPath, 404, "ResourceNotFoundException"));
    }

    [Fact]
    public async Task Invoke_QualifierInPathAndQueryDisagree_InvalidParameterValue()
    {
        var name = UniqueName("conflict");
        await CreateDotnetFunctionAsync(name, Echo);

        using var response = await InvokeAsync($"{name}:$LATEST", "{}", "?Qualifier=1");

        Assert.Equal("The derived qualifier from the function name does not match the specified qualifier.", await AssertErrorAsync(response, 400, "InvalidParameterValueException"));
    }

    [Fact]
    public async Task Invoke_MalformedFunctionName_InvalidParameterValue()
    {
        using var response = await InvokeAsync("bad%20name!", "{}");

        await AssertErrorAsync(response, 400, "InvalidParameterValueException");
    }

    [Fact]
    public async Task Invoke_ArnAndEncodedForms_ReachTheFunction()
    {
        var name = UniqueName("arn");
        await CreateDotnetFunctionAsync(name, Echo);

        var full = await InvokeOkAsync($"arn:aws:lambda:us-east-1:000000000000:function:{name}", """{"Message":"full"}""");
        var partial = await InvokeOkAsync($"000000000000:function:{name}:$LATEST", """{"Message":"partial"}""");
        var encoded = await InvokeOkAsync($"{name}%3A%24LATEST", """{"Message":"encoded"}""");
        var cli = await CliInvokeAsync($"arn:aws:lambda:us-east-1:000000000000:function:{name}:$LATEST", """{"Message":"cli arn"}""", Path.Combine(Fixture.RootDirectory, $"{name}.json"));

        Assert.Contains("full", full, StringComparison.Ordinal);
        Assert.Contains("partial", partial, StringComparison.Ordinal);
        Assert.Contains("encoded", encoded, StringComparison.Ordinal);
        Assert.True(cli.ExitCode == 0, cli.ToString());
    }

    [Fact]
    public async Task Invoke_DryRun_NoContentWithoutRunning()
    {
        var name = UniqueName("dryrun");
        await CreateDotnetFunctionAsync(name, Echo);

        using var dryRun = await InvokeAsync(name, "not even json", headers: ("X-Amz-Invocation-Type", "DryRun"));
        using var missing = await InvokeAsync(UniqueName("dryrun-missing"), "{}", headers: ("X-Amz-Invocation-Type", "DryRun"));
        var cli = await Fixture.Aws.LambdaAsync("invoke", "--function-name", name, "--invocation-type", "DryRun", Path.Combine(Fixture.RootDirectory, $"{name}.json"));

        Assert.Equal(HttpStatusCode.NoContent, dryRun.StatusCode);
        await AssertErrorAsync(missing, 404, "ResourceNotFoundException");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(204, cli.Json.GetProperty("StatusCode").GetInt32());
    }

    [Fact]
    public async Task Invoke_UnknownInvocationType_InvalidParameterValue()
    {
        var name = UniqueName("badtype");
        await CreateDotnetFunctionAsync(name, Echo);

        using var response = await InvokeAsync(name, "{}", headers: ("X-Amz-Invocation-Type", "Sometimes"));

        await AssertErrorAsync(response, 400, "InvalidParameterValueException");
    }

    [Fact]
    public async Task Invoke_PayloadNotJson_InvalidRequestContent()
    {
        var name = UniqueName("badjson");
        await CreateDotnetFunctionAsync(name, Echo);

        using var response = await InvokeAsync(name, "{\"Message\": oops}");

        var message = await AssertErrorAsync(response, 400, "InvalidRequestContentException");
        Assert.StartsWith("Could not parse request body into json: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_PayloadOver6MB_RequestTooLarge()
    {
        var name = UniqueName("large");
        await CreateDotnetFunctionAsync(name, Echo);
        var payload = "\"" + new string('x', 6 * 1024 * 1024) + "\"";

        using var declared = await InvokeAsync(name, payload);
        using var streamed = await SendChunkedAsync(name, Encoding.UTF8.GetBytes(payload));

        Assert.Equal("Request must be smaller than 6291456 bytes for the InvokeFunction operation", await AssertErrorAsync(declared, 413, "RequestTooLargeException"));
        await AssertErrorAsync(streamed, 413, "RequestTooLargeException");
    }

    [Fact]
    public async Task Invoke_PayloadJustUnder6MB_Runs()
    {
        var name = UniqueName("big");
        await CreateDotnetFunctionAsync(name, "HandlerShapes::HandlerShapes.Functions::EchoStream", "--memory-size", "512");
        var payload = "\"" + new string('y', InvokeLimit - 2) + "\"";

        var body = await InvokeOkAsync(name, payload);

        Assert.Equal(InvokeLimit, body.Length);
    }

    private const int InvokeLimit = 6 * 1024 * 1024;

    private async Task<HttpResponseMessage> SendChunkedAsync(string name, byte[] payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Fixture.GatewayUri, $"/2015-03-31/functions/{name}/invocations"))
        {
            Content = new StreamContent(new UnknownLengthStream(payload)),
        };
        request.Headers.TransferEncodingChunked = true;
        return await Fixture.Http.SendAsync(request);
    }

    /// <summary>A stream that does not tell its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
