using System.Text.Json;
using Faas.Cli.Tests.Common;

namespace Faas.Cli.Tests.EndToEnd;

/// <summary><c>faas deploy</c> of projects a user has: a .NET project with its config files, a custom runtime folder.</summary>
[Collection(FaasUpCollection.Name)]
public sealed class DeployTests(FaasUpFixture fixture) : IDisposable
{
    private readonly List<string> _folders = [];

    [Fact]
    public async Task Deploy_ProjectWithToolsDefaults_CreatesThenUpdatesAndInvokeShowsTheNewCode()
    {
        var name = EndToEndNames.Unique("howdy");
        var folder = Track(ExampleProject.Create("Howdy"));
        ExampleProject.SetDefault(folder, "function-name", name);

        var created = await fixture.FaasInAsync(folder, "deploy");
        var first = await fixture.FaasAsync("invoke", name, "--payload", """{"name":"Ada"}""");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains($"Created {name} (dotnet10, Hello::Hello.Function::Handler)", created.Stdout);
        Assert.Contains("Building Hello.csproj", created.Stdout);
        Assert.Contains("Uploading", created.Stdout);
        Assert.Equal("""{"message":"Howdy, Ada!"}""", first.Stdout.Trim());

        File.WriteAllText(Path.Combine(folder, "Function.cs"), File.ReadAllText(Path.Combine(folder, "Function.cs")).Replace("Howdy", "Bonjour", StringComparison.Ordinal));
        var updated = await fixture.FaasInAsync(folder, "deploy", "--publish", "--memory", "384");
        var second = await fixture.FaasAsync("invoke", name, "--payload", """{"name":"Ada"}""");
        var version = await fixture.FaasAsync("invoke", name, "--qualifier", "1", "--payload", """{"name":"Ada"}""", "--output", "json");
        var configuration = await GetConfigurationAsync(name);

        Assert.True(updated.ExitCode == 0, updated.ToString());
        Assert.Contains($"Updated {name}", updated.Stdout);
        Assert.Equal("""{"message":"Bonjour, Ada!"}""", second.Stdout.Trim());
        Assert.True(version.ExitCode == 0, version.ToString());
        var json = JsonDocument.Parse(version.Stdout).RootElement;
        Assert.Equal("1", json.GetProperty("ExecutedVersion").GetString());
        Assert.Equal("Bonjour, Ada!", json.GetProperty("Payload").GetProperty("message").GetString());
        Assert.Equal(384, configuration.GetProperty("MemorySize").GetInt32());
        Assert.Equal(30, configuration.GetProperty("Timeout").GetInt32());
    }

    [Fact]
    public async Task Deploy_SamTemplate_SettingsFromTemplateAndGlobals()
    {
        var name = EndToEndNames.Unique("sam");
        var folder = Track(ExampleProject.Create("Hej", keepToolsDefaults: false));
        File.WriteAllText(Path.Combine(folder, "template.yaml"), $$"""
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Stage:
                Type: String
            Globals:
              Function:
                Timeout: 12
                Environment:
                  Variables:
                    SHARED: from-globals
            Resources:
              HelloFunction:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: {{name}}
                  CodeUri: .
                  Handler: Hello::Hello.Function::Handler
                  Runtime: dotnet10
                  MemorySize: 320
                  Role: !GetAtt HelloRole.Arn
                  Environment:
                    Variables:
                      STAGE: !Ref Stage
                      OWN: from-function
            """);

        // PATH given, run from elsewhere, as `faas deploy path/to/project` is.
        var result = await fixture.FaasAsync("deploy", folder);
        var invoke = await fixture.FaasAsync("invoke", name, "--payload", """{"name":"Ada"}""");
        var configuration = await GetConfigurationAsync(name);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Role uses a CloudFormation function", result.Stderr);
        Assert.Contains("STAGE uses a CloudFormation function", result.Stderr);
        Assert.Equal("""{"message":"Hej, Ada!"}""", invoke.Stdout.Trim());
        Assert.Equal(320, configuration.GetProperty("MemorySize").GetInt32());
        Assert.Equal(12, configuration.GetProperty("Timeout").GetInt32());
        var variables = configuration.GetProperty("Environment").GetProperty("Variables");
        Assert.Equal("from-globals", variables.GetProperty("SHARED").GetString());
        Assert.Equal("from-function", variables.GetProperty("OWN").GetString());
        Assert.False(variables.TryGetProperty("STAGE", out _));
    }

    [Fact]
    public async Task Deploy_BootstrapFolderWithOptions_CommandLineSettingsApply()
    {
        var name = EndToEndNames.Unique("shell");
        var folder = Track(ShellFunction.Create());

        var result = await fixture.FaasAsync("deploy", folder, "--name", name, "--memory", "192", "--timeout", "7", "--env", "GREETING=ahoy", "--output", "json");
        var invoke = await fixture.FaasAsync("invoke", name, "--payload", """{"n":1}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        var configuration = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(name, configuration.GetProperty("FunctionName").GetString());
        Assert.Equal("provided.al2023", configuration.GetProperty("Runtime").GetString());
        Assert.Equal(192, configuration.GetProperty("MemorySize").GetInt32());
        Assert.Equal(7, configuration.GetProperty("Timeout").GetInt32());
        Assert.True(invoke.ExitCode == 0, invoke.ToString());
        Assert.Equal("""{"echo":{"n":1},"greeting":"ahoy"}""", invoke.Stdout.Trim());
    }

    [Fact]
    public async Task Deploy_ReservedConcurrency_IsPutOnTheFunction()
    {
        var name = EndToEndNames.Unique("reserved");
        var folder = Track(ShellFunction.Create());

        var result = await fixture.FaasAsync("deploy", folder, "--name", name, "--reserved-concurrency", "2");
        var concurrency = await new AwsCli(fixture.Endpoint).LambdaAsync("get-function-concurrency", "--function-name", name);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(concurrency.ExitCode == 0, concurrency.ToString());
        Assert.Equal(2, concurrency.Json.GetProperty("ReservedConcurrentExecutions").GetInt32());
    }

    [Fact]
    public async Task Deploy_Idempotency_FromToolsDefaultsThenCommandLine_IsPutAndRemoved()
    {
        var name = EndToEndNames.Unique("idem");
        var folder = Track(ShellFunction.Create());
        File.WriteAllText(Path.Combine(folder, "aws-lambda-tools-defaults.json"), $$"""
            { "function-name": "{{name}}", "function-idempotency": { "KeySource": "EVENT", "EventKeyPath": "order.id", "ExpiresAfterSeconds": 120 } }
            """);
        using var http = new HttpClient();
        var config = new Uri(fixture.Endpoint, $"/2015-03-31/functions/{name}/idempotency-config");

        var fromFile = await fixture.FaasAsync("deploy", folder);
        var afterFile = await http.GetStringAsync(config);
        var fromOption = await fixture.FaasAsync("deploy", folder, "--idempotency", "header");
        var afterOption = await http.GetStringAsync(config);
        var off = await fixture.FaasAsync("deploy", folder, "--idempotency", "off");
        using var afterOff = await http.GetAsync(config);
        var bad = await fixture.FaasAsync("deploy", folder, "--idempotency", "sometimes");

        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.Equal("order.id", JsonDocument.Parse(afterFile).RootElement.GetProperty("EventKeyPath").GetString());
        Assert.Equal(120, JsonDocument.Parse(afterFile).RootElement.GetProperty("ExpiresAfterSeconds").GetInt32());
        Assert.True(fromOption.ExitCode == 0, fromOption.ToString());
        Assert.Equal("HEADER", JsonDocument.Parse(afterOption).RootElement.GetProperty("KeySource").GetString());
        Assert.Equal(3600, JsonDocument.Parse(afterOption).RootElement.GetProperty("ExpiresAfterSeconds").GetInt32());
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.Equal(404, (int)afterOff.StatusCode);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("idempotency must be header, event:PATH, off", bad.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string Track(string folder)
    {
        _folders.Add(folder);
        return folder;
    }

    private async Task<JsonElement> GetConfigurationAsync(string name)
    {
        var result = await new AwsCli(fixture.Endpoint).LambdaAsync("get-function-configuration", "--function-name", name);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }
}
