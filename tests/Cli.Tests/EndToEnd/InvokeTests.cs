using System.Text.Json;
using Faas.Cli.Tests.Common;
using Faas.Cli.Tests.CommandLine;

namespace Faas.Cli.Tests.EndToEnd;

/// <summary><c>faas invoke</c>: responses, function errors, the log tail, bad inputs.</summary>
[Collection(FaasUpCollection.Name)]
public sealed class InvokeTests(FaasUpFixture fixture) : IAsyncLifetime
{
    private readonly string _name = EndToEndNames.Unique("invoke");
    private readonly string _folder = ShellFunction.Create();

    public async Task InitializeAsync()
    {
        var deploy = await fixture.FaasAsync("deploy", _folder, "--name", _name);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
    }

    [Fact]
    public async Task Invoke_FunctionError_PrintsTheErrorBodyAndExitsNonZero()
    {
        var result = await fixture.FaasAsync("invoke", _name, "--payload", """{"do":"boom"}""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("""{"errorType":"Boom","errorMessage":"it went boom"}""", result.Stdout.Trim());
        Assert.Equal("faas: the function failed (Unhandled)", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Invoke_FunctionErrorAsJson_CarriesFunctionError()
    {
        var result = await fixture.FaasAsync("invoke", _name, "--payload", """{"do":"boom"}""", "--output", "json");

        Assert.Equal(1, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("Unhandled", json.GetProperty("FunctionError").GetString());
        Assert.Equal("Boom", json.GetProperty("Payload").GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Invoke_Log_PrintsTheDecodedTailOnStderr()
    {
        var result = await fixture.FaasAsync("invoke", _name, "--payload", """{"marker":"tail-check"}""", "--log");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""{"echo":{"marker":"tail-check"},"greeting":"hi"}""", result.Stdout.Trim());
        Assert.Contains("START RequestId:", result.Stderr);
        Assert.Contains("""shell function got {"marker":"tail-check"}""", result.Stderr);
        Assert.Contains("END RequestId:", result.Stderr);
        Assert.Contains("REPORT RequestId:", result.Stderr);
    }

    [Fact]
    public async Task Invoke_PayloadFile_SendsTheFile()
    {
        var file = Path.Combine(_folder, "event.json");
        await File.WriteAllTextAsync(file, """{"from":"file"}""");

        var result = await fixture.FaasAsync("invoke", _name, "--payload-file", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""{"echo":{"from":"file"},"greeting":"hi"}""", result.Stdout.Trim());
    }

    [Fact]
    public async Task Invoke_UnknownFunction_OneLineNotFound()
    {
        var result = await fixture.FaasAsync("invoke", "no-such-function");

        CommandLineErrorTests.AssertOneLineFailure(result, 1, "faas: function 'no-such-function' not found");
    }

    [Fact]
    public async Task Invoke_UnknownVersion_OneLineNotFound()
    {
        var result = await fixture.FaasAsync("invoke", _name, "--qualifier", "42");

        CommandLineErrorTests.AssertOneLineFailure(result, 1, $"faas: function '{_name}:42' not found");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
