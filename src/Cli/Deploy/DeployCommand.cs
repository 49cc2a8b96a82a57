using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Faas.Cli.CommandLine;

namespace Faas.Cli.Deploy;

/// <summary>
/// <c>faas deploy [PATH]</c>: builds, packages and uploads a function. Settings come from the project's SAM template,
/// then its aws-lambda-tools-defaults.json, then the command line (each over the one before). A .NET project is
/// published and its output zipped; a folder with a <c>bootstrap</c> and no project is zipped as it is; a <c>.zip</c>
/// is uploaded as it is.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(Option<string> endpoint, Option<OutputFormat> output)
    {
        var path = new Argument<string?>("path")
        {
            Description = "The project folder (or project file, or .zip); default: the current folder",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var name = new Option<string?>("--name", "-n") { Description = "The function's name" };
        var handler = new Option<string?>("--handler") { Description = "The handler, e.g. MyFunction::MyFunction.Function::Handler" };
        var runtime = new Option<string?>("--runtime") { Description = $"The runtime (default {FunctionDeployer.DefaultRuntime}; provided.al2023 for a bootstrap folder)" };
        var memory = new Option<int?>("--memory") { Description = "Memory size in MB (128-10240)", HelpName = "mb" };
        var timeout = new Option<int?>("--timeout") { Description = "Timeout in seconds (1-900)", HelpName = "seconds" };
        var env = new Option<string[]>("--env", "-e") { Description = "An environment variable, K=V (repeatable)", HelpName = "K=V", AllowMultipleArgumentsPerToken = false };
        var reserved = new Option<int?>("--reserved-concurrency") { Description = "Reserved concurrency (at most this many invocations at once)", HelpName = "n" };
        var publish = new Option<bool>("--publish") { Description = "Publish a new version with this code" };
        var idempotency = new Option<string?>("--idempotency")
        {
            Description = "Run duplicates once: header (the Idempotency-Key header), event:PATH (e.g. event:body.orderId), off, or the idempotency-config JSON",
            HelpName = "spec",
        };
        var command = new Command("deploy", "Build, package and upload a function (creates it or updates it)")
        {
            path, name, handler, runtime, memory, timeout, env, reserved, publish, idempotency,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var cli = new CliContext(parse, endpoint, output);
            var variables = parse.GetValue(env) is { Length: > 0 } entries
                ? FunctionSettings.ParseVariables(entries) ?? throw new CliException("--env takes K=V", ExitCodes.Usage)
                : null;
            var commandLine = new FunctionSettings
            {
                Name = parse.GetValue(name),
                Handler = parse.GetValue(handler),
                Runtime = parse.GetValue(runtime),
                MemorySize = parse.GetValue(memory),
                Timeout = parse.GetValue(timeout),
                Environment = variables,
                ReservedConcurrency = parse.GetValue(reserved),
                Publish = parse.GetValue(publish) ? true : null,
                Idempotency = parse.GetValue(idempotency) is { } spec ? ParseIdempotency(spec) : null,
            };
            return await RunAsync(cli, parse.GetValue(path), commandLine, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, string? pathArgument, FunctionSettings commandLine, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(pathArgument ?? Directory.GetCurrentDirectory());
        var source = DeploySource.Resolve(target, commandLine, cli.Warn);
        var settings = source.Settings;
        byte[] zip;
        if (source.Zip is { } zipPath)
        {
            zip = await File.ReadAllBytesAsync(zipPath, cancellationToken);
        }
        else if (source.Project is { } project)
        {
            var publishFolder = Path.Combine(Path.GetTempPath(), $"faas-publish-{Guid.NewGuid():N}");
            try
            {
                var rid = ProjectPublisher.RuntimeIdentifier(settings.Architecture);
                await cli.StepAsync($"Building {Path.GetFileName(project)}", async () =>
                {
                    await ProjectPublisher.PublishAsync(project, settings.Configuration ?? "Release", rid, publishFolder, cli.Error, cancellationToken);
                    return 0;
                });
                zip = await cli.StepAsync("Packing", () => Task.FromResult(FunctionZip.Create(publishFolder, settings.Runtime)));
            }
            finally
            {
                TryDelete(publishFolder);
            }
        }
        else
        {
            zip = await cli.StepAsync("Packing", () => Task.FromResult(FunctionZip.Create(source.Folder, settings.Runtime)));
        }

        var functionName = settings.Name ?? "function";
        var (configuration, created) = await cli.StepAsync(
            $"Uploading {functionName} ({zip.Length / 1024.0:F0} KB) to {cli.Client.Endpoint}",
            () => FunctionDeployer.DeployAsync(cli.Client, settings, zip, cancellationToken));

        if (cli.Format == OutputFormat.Json)
        {
            cli.WriteJson(configuration);
            return ExitCodes.Success;
        }

        var version = configuration.TryGetProperty("Version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : "$LATEST";
        cli.Say(string.Create(CultureInfo.InvariantCulture,
            $"{(created ? "Created" : "Updated")} {configuration.GetProperty("FunctionName").GetString()} ({Text(configuration, "Runtime")}, {Text(configuration, "Handler")}), version {version}."));
        cli.Say($"Invoke it: faas invoke {functionName} --payload '{{}}'");
        return ExitCodes.Success;
    }

    private static IdempotencySetting ParseIdempotency(string spec)
    {
        try
        {
            return IdempotencySetting.Parse(spec, "--idempotency");
        }
        catch (CliException e)
        {
            throw new CliException(e.Message, ExitCodes.Usage);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder; the OS cleans what is left.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
