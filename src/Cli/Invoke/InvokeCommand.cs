using System.CommandLine;
using System.Text;
using System.Text.Json;
using Faas.Cli.Api;
using Faas.Cli.CommandLine;

namespace Faas.Cli.Invoke;

/// <summary>
/// <c>faas invoke NAME [--payload JSON | --payload-file F] [--qualifier Q] [--log]</c>: a synchronous Invoke. Prints the
/// function's response; a function error prints its error JSON and exits 1.
/// </summary>
internal static class InvokeCommand
{
    public static Command Create(Option<string> endpoint, Option<OutputFormat> output)
    {
        var name = new Argument<string>("name") { Description = "The function's name or ARN (name:qualifier also works)" };
        var payload = new Option<string?>("--payload", "-p") { Description = "The event, as JSON (default {})", HelpName = "json" };
        var payloadFile = new Option<FileInfo?>("--payload-file") { Description = "Read the event from a file ('-' for stdin)", HelpName = "file" };
        var qualifier = new Option<string?>("--qualifier", "-q") { Description = "A version number or alias", HelpName = "version|alias" };
        var log = new Option<bool>("--log") { Description = "Also print the last 4 KB of the invocation's log" };
        var command = new Command("invoke", "Invoke a function and print its response")
        {
            name, payload, payloadFile, qualifier, log,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var cli = new CliContext(parse, endpoint, output);
            var functionName = parse.GetValue(name)!;
            var body = await ReadPayloadAsync(parse.GetValue(payload), parse.GetValue(payloadFile), cancellationToken);
            var version = parse.GetValue(qualifier);
            InvokeResult result;
            try
            {
                result = await cli.Client.InvokeAsync(functionName, version, body, parse.GetValue(log), cancellationToken);
            }
            catch (LambdaApiException e) when (e.IsNotFound)
            {
                throw new CliException($"function '{functionName}{(version is null ? "" : ":" + version)}' not found");
            }

            Print(cli, result);
            return result.FunctionError is null ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>The event bytes: the option's JSON, the file's, or <c>{}</c>; anything but JSON is refused here.</summary>
    internal static async Task<byte[]> ReadPayloadAsync(string? json, FileInfo? file, CancellationToken cancellationToken)
    {
        if (json is not null && file is not null)
        {
            throw new CliException("give --payload or --payload-file, not both", ExitCodes.Usage);
        }

        byte[] bytes;
        string source;
        if (file is not null)
        {
            source = file.Name == "-" ? "stdin" : file.FullName;
            try
            {
                bytes = file.Name == "-" ? await ReadStdinAsync(cancellationToken) : await File.ReadAllBytesAsync(file.FullName, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read --payload-file {file.FullName}: {e.Message}");
            }
        }
        else
        {
            source = "--payload";
            bytes = Encoding.UTF8.GetBytes(json ?? "{}");
        }

        try
        {
            using var _ = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new CliException($"{source} is not valid JSON: {e.Message}");
        }

        return bytes;
    }

    private static async Task<byte[]> ReadStdinAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static void Print(CliContext cli, InvokeResult result)
    {
        if (cli.Format == OutputFormat.Json)
        {
            cli.WriteJson(json =>
            {
                json.WriteStartObject();
                json.WriteNumber("StatusCode", result.StatusCode);
                if (result.FunctionError is not null)
                {
                    json.WriteString("FunctionError", result.FunctionError);
                }

                if (result.ExecutedVersion is not null)
                {
                    json.WriteString("ExecutedVersion", result.ExecutedVersion);
                }

                if (result.RequestId is not null)
                {
                    json.WriteString("RequestId", result.RequestId);
                }

                if (result.Log is not null)
                {
                    json.WriteString("Log", result.Log);
                }

                // The response as JSON when it is JSON (functions answer JSON), else as a string.
                json.WritePropertyName("Payload");
                try
                {
                    using var document = JsonDocument.Parse(result.Payload);
                    document.RootElement.WriteTo(json);
                }
                catch (JsonException)
                {
                    json.WriteStringValue(Encoding.UTF8.GetString(result.Payload));
                }

                json.WriteEndObject();
            });
            return;
        }

        // The log first, on stderr, so stdout carries exactly the response.
        if (result.Log is not null)
        {
            cli.Error.Write(result.Log);
            if (!result.Log.EndsWith('\n'))
            {
                cli.Error.WriteLine();
            }
        }

        cli.Out.WriteLine(Encoding.UTF8.GetString(result.Payload));
        if (result.FunctionError is not null)
        {
            cli.Error.WriteLine($"faas: the function failed ({result.FunctionError})");
        }
    }
}
