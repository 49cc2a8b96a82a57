using Faas.Cli.Tests.Common;
using Faas.Contracts.Networking;

namespace Faas.Cli.Tests.CommandLine;

/// <summary>Bad command lines and unreachable endpoints: one line on stderr, a non-zero exit, no stack trace.</summary>
public sealed class CommandLineErrorTests
{
    [Fact]
    public async Task Run_UnknownVerb_OneLineAndUsageExit()
    {
        var result = await CliRunner.RunAsync(["frobnicate"]);

        AssertOneLineFailure(result, 2, "faas: Unrecognized command or argument 'frobnicate'");
    }

    [Fact]
    public async Task Invoke_NoName_OneLineAndUsageExit()
    {
        var result = await CliRunner.RunAsync(["invoke"]);

        AssertOneLineFailure(result, 2, "faas: Required argument 'name' missing");
    }

    [Fact]
    public async Task Invoke_PayloadNotJson_OneLineBeforeAnyRequest()
    {
        var result = await CliRunner.RunAsync(["invoke", "hello", "--payload", "{name: Ada", "--endpoint", ClosedEndpoint()]);

        AssertOneLineFailure(result, 1, "faas: --payload is not valid JSON");
    }

    [Fact]
    public async Task Invoke_PayloadFileMissing_OneLine()
    {
        var result = await CliRunner.RunAsync(["invoke", "hello", "--payload-file", "/nonexistent/event.json", "--endpoint", ClosedEndpoint()]);

        AssertOneLineFailure(result, 1, "faas: cannot read --payload-file /nonexistent/event.json");
    }

    [Fact]
    public async Task Ls_NothingListening_OneLineNamingTheEndpoint()
    {
        var endpoint = ClosedEndpoint();

        var result = await CliRunner.RunAsync(["ls", "--endpoint", endpoint]);

        AssertOneLineFailure(result, 1, $"faas: cannot reach {endpoint}");
    }

    [Fact]
    public async Task Ls_EndpointFromEnvironment_IsUsed()
    {
        var endpoint = ClosedEndpoint();

        var result = await CliRunner.RunAsync(["ls"], environment: new Dictionary<string, string> { ["FAAS_ENDPOINT"] = endpoint });

        AssertOneLineFailure(result, 1, $"faas: cannot reach {endpoint}");
    }

    [Fact]
    public async Task Ls_EndpointNotAnAddress_OneLineAndUsageExit()
    {
        var result = await CliRunner.RunAsync(["ls", "--endpoint", "not a url"]);

        AssertOneLineFailure(result, 2, "faas: --endpoint must be an http:// or https:// address");
    }

    [Fact]
    public async Task Logs_SinceNotADuration_OneLineAndUsageExit()
    {
        var result = await CliRunner.RunAsync(["logs", "hello", "--since", "yesterday-ish", "--endpoint", ClosedEndpoint()]);

        AssertOneLineFailure(result, 2, "faas: --since must be a duration");
    }

    [Fact]
    public async Task Deploy_MissingFolder_OneLine()
    {
        var result = await CliRunner.RunAsync(["deploy", "/nonexistent/project", "--endpoint", ClosedEndpoint()]);

        AssertOneLineFailure(result, 1, "faas: /nonexistent/project does not exist");
    }

    [Fact]
    public async Task Deploy_FolderWithoutProject_OneLine()
    {
        var folder = TestPaths.NewTempFolder();
        try
        {
            var result = await CliRunner.RunAsync(["deploy", "--endpoint", ClosedEndpoint()], folder);

            AssertOneLineFailure(result, 1, $"faas: {folder} has no .NET project (*.csproj) and no bootstrap to deploy");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Deploy_ProjectThatDoesNotCompile_CompilerErrorThenOneLine()
    {
        var folder = ExampleProject.Create("Hi");
        try
        {
            File.AppendAllText(Path.Combine(folder, "Function.cs"), "\nthis is not C#\n");

            var result = await CliRunner.RunAsync(["deploy", "--endpoint", ClosedEndpoint()], folder);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Function.cs", result.Stderr);
            Assert.Contains(": error CS", result.Stderr);
            Assert.StartsWith("faas: 'dotnet publish Hello.csproj' failed", result.ErrorLines[^1]);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static void AssertOneLineFailure(CliResult result, int exitCode, string start)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(start, line);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    // A loopback address nothing listens on.
    // Below the ephemeral range: a port 0 pick would be handed next to some other test's server (faas up --port 0)
    // or outgoing connection, and the CLI would then reach it.
    private static string ClosedEndpoint() => $"http://127.0.0.1:{UnusedPorts.Pick()}/";
}
