using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.CommandLine;

namespace Faas.Cli.Functions;

/// <summary><c>faas rm NAME [--qualifier N]</c>: DeleteFunction, of the whole function or of one published version.</summary>
internal static class RemoveCommand
{
    public static Command Create(Option<string> endpoint, Option<OutputFormat> output)
    {
        var name = new Argument<string>("name") { Description = "The function's name or ARN" };
        var qualifier = new Option<string?>("--qualifier", "-q") { Description = "Delete only this published version", HelpName = "version" };
        var command = new Command("rm", "Delete a function (or one of its versions)") { name, qualifier };
        command.Aliases.Add("delete");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var cli = new CliContext(parse, endpoint, output);
            var functionName = parse.GetValue(name)!;
            var version = parse.GetValue(qualifier);
            var label = version is null ? functionName : $"{functionName}:{version}";
            try
            {
                await cli.Client.DeleteFunctionAsync(functionName, version, cancellationToken);
            }
            catch (LambdaApiException e) when (e.IsNotFound)
            {
                throw new CliException($"function '{label}' not found");
            }

            if (cli.Format == OutputFormat.Json)
            {
                cli.WriteJson(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("FunctionName", functionName);
                    if (version is not null)
                    {
                        json.WriteString("Qualifier", version);
                    }

                    json.WriteBoolean("Deleted", true);
                    json.WriteEndObject();
                });
            }
            else
            {
                cli.Say($"Deleted {label}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
