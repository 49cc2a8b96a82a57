using System.CommandLine;
using System.Text.Json;
using Faas.Cli.Api;
using Faas.Cli.Deploy;
using Faas.Cli.Functions;
using Faas.Cli.Invoke;
using Faas.Cli.Logs;
using Faas.Cli.Status;
using Faas.Cli.Up;

namespace Faas.Cli.CommandLine;

/// <summary>
/// The <c>faas</c> command line: its verbs, the options they share, and the one rule for failures, one line on stderr
/// (<c>faas: ...</c>) and a non-zero exit code, never a stack trace.
/// </summary>
internal static class FaasCommandLine
{
    /// <summary>Parses and runs a command line; answers the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var endpoint = GlobalOptions.CreateEndpoint();
        var output = GlobalOptions.CreateOutput();
        var root = new RootCommand("Faas: run AWS Lambda functions on your own machines.")
        {
            endpoint,
            output,
            UpCommand.Create(endpoint, output),
            DeployCommand.Create(endpoint, output),
            InvokeCommand.Create(endpoint, output),
            ListCommand.Create(endpoint, output),
            LogsCommand.Create(endpoint, output),
            RemoveCommand.Create(endpoint, output),
            StatusCommand.Create(endpoint, output),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var verb = parse.CommandResult.Command == root ? "faas" : $"faas {parse.CommandResult.Command.Name}";
            // "Required command was not provided" comes with the more telling "Unrecognized command or argument 'x'".
            var error = parse.Errors.FirstOrDefault(e => e.Message.Contains('\'', StringComparison.Ordinal)) ?? parse.Errors[0];
            await Console.Error.WriteLineAsync($"faas: {error.Message} (see '{verb} --help')");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,

            // Ctrl+C and SIGTERM cancel the command's token; `faas up` then stops the platform, which takes a moment.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            return await parse.InvokeAsync(configuration);
        }
        catch (Exception e)
        {
            var failure = Describe(e);
            await Console.Error.WriteLineAsync($"faas: {failure.Message}");
            if (Environment.GetEnvironmentVariable("FAAS_DEBUG") is "1" or "true")
            {
                await Console.Error.WriteLineAsync(e.ToString());
            }

            return failure.ExitCode;
        }
    }

    // The one line a failure is reported with (FAAS_DEBUG=1 adds the exception's details).
    private static CliException Describe(Exception e) => e switch
    {
        CliException cli => cli,
        LambdaApiException api => new CliException($"{api.ErrorType}: {api.Message}"),
        OperationCanceledException => new CliException("interrupted", ExitCodes.Interrupted),
        IOException io => new CliException(io.Message),
        UnauthorizedAccessException denied => new CliException(denied.Message),
        JsonException json => new CliException($"unexpected JSON: {json.Message}"),
        _ => new CliException($"unexpected error ({e.GetType().Name}): {e.Message}"),
    };
}
