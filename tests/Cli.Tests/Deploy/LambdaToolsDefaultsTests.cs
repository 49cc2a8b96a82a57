using Faas.Cli.CommandLine;
using Faas.Cli.Deploy;
using Faas.Cli.Tests.Common;

namespace Faas.Cli.Tests.Deploy;

public sealed class LambdaToolsDefaultsTests : IDisposable
{
    private readonly string _folder = TestPaths.NewTempFolder();

    [Fact]
    public void Read_AllKeys_GivesEverySetting()
    {
        Write("""
            {
              // The AWS templates write comments here.
              "profile": "default",
              "configuration": "Debug",
              "function-name": "orders",
              "function-handler": "Orders::Orders.Function::Handle",
              "function-runtime": "dotnet8",
              "function-memory-size": 512,
              "function-timeout": "45",
              "environment-variables": "TABLE=orders;MODE=a=b",
              "function-reserved-concurrency": 3,
              "function-description": "Takes orders",
              "function-architecture": "arm64",
              "function-publish": true,
            }
            """);

        var settings = LambdaToolsDefaults.Read(_folder);

        Assert.Equal("orders", settings.Name);
        Assert.Equal("Orders::Orders.Function::Handle", settings.Handler);
        Assert.Equal("dotnet8", settings.Runtime);
        Assert.Equal(512, settings.MemorySize);
        Assert.Equal(45, settings.Timeout);
        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "orders", ["MODE"] = "a=b" }, settings.Environment);
        Assert.Equal(3, settings.ReservedConcurrency);
        Assert.Equal("Takes orders", settings.Description);
        Assert.Equal("arm64", settings.Architecture);
        Assert.True(settings.Publish);
        Assert.Equal("Debug", settings.Configuration);
    }

    [Fact]
    public void Read_FunctionIdempotency_ObjectOrShorthand()
    {
        Write("""{ "function-idempotency": { "KeySource": "EVENT", "EventKeyPath": "body.orderId", "PayloadValidation": true } }""");
        var asObject = LambdaToolsDefaults.Read(_folder).Idempotency;
        Write("""{ "function-idempotency": "event:orderId" }""");
        var asShorthand = LambdaToolsDefaults.Read(_folder).Idempotency;
        Write("""{ "function-idempotency": 3 }""");

        var error = Assert.Throws<CliException>(() => LambdaToolsDefaults.Read(_folder));

        Assert.Equal("""{"KeySource":"EVENT","EventKeyPath":"body.orderId","PayloadValidation":true}""", asObject?.Config?.ToJsonString());
        Assert.Equal("""{"KeySource":"EVENT","EventKeyPath":"orderId"}""", asShorthand?.Config?.ToJsonString());
        Assert.Contains("function-idempotency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoFile_GivesNoSettings()
    {
        var settings = LambdaToolsDefaults.Read(_folder);

        Assert.Equal(new FunctionSettings(), settings);
    }

    [Fact]
    public void Read_BrokenJson_FailsNamingTheFile()
    {
        Write("{ \"function-name\": ");

        var error = Assert.Throws<CliException>(() => LambdaToolsDefaults.Read(_folder));

        Assert.Contains("aws-lambda-tools-defaults.json is not valid JSON", error.Message);
    }

    [Fact]
    public void Read_MemoryNotANumber_FailsNamingTheKey()
    {
        Write("""{ "function-memory-size": "lots" }""");

        var error = Assert.Throws<CliException>(() => LambdaToolsDefaults.Read(_folder));

        Assert.Contains("function-memory-size must be a whole number", error.Message);
    }

    [Fact]
    public void Read_VariableWithoutEquals_Fails()
    {
        Write("""{ "environment-variables": "A=1;B" }""");

        var error = Assert.Throws<CliException>(() => LambdaToolsDefaults.Read(_folder));

        Assert.Contains("environment-variables", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string json) => File.WriteAllText(Path.Combine(_folder, LambdaToolsDefaults.FileName), json);
}
