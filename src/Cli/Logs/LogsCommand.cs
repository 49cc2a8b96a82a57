using System.CommandLine;
using System.Text.Json;
using Faas.Cli.Api;
using Faas.Cli.CommandLine;

namespace Faas.Cli.Logs;

/// <summary>
/// <c>faas logs NAME [--since 10m] [--follow]</c>: the function's log lines from every environment on every worker,
/// START/END/REPORT included, read through Faas's function logs API. With <c>--output json</c> each line is one JSON
/// object (<c>timestamp</c>, <c>message</c>, <c>logStreamName</c>) on its own line.
/// </summary>
internal static class LogsCommand
{
    /// <summary>How often <c>--follow</c> asks for new lines.</summary>
    public static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);

    public static Command Create(Option<string> endpoint, Option<OutputFormat> output)
    {
        var name = new Argument<string>("name") { Description = "The function's name or ARN" };
        var since = new Option<string>("--since", "-s")
        {
            Description = "Show lines from this long ago (30s, 10m, 2h, 1d) or since this time (ISO 8601)",
            DefaultValueFactory = _ => "10m",
            HelpName = "duration|time",
        };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl+C" };
        var command = new Command("logs", "Print a function's log lines") { name, since, follow };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var cli = new CliContext(parse, endpoint, output);
            var functionName = parse.GetValue(name)!;
            var sinceText = parse.GetValue(since)!;
            var from = SinceParser.Parse(sinceText, DateTimeOffset.UtcNow)
                ?? throw new CliException($"--since must be a duration (30s, 10m, 2h, 1d) or an ISO-8601 time; got '{sinceText}'", ExitCodes.Usage);
            var sinceMs = from.ToUnixTimeMilliseconds();
            string? token = null;
            var printed = 0;
            try
            {
                while (true)
                {
                    // Drain what is there, page by page; then, when following, wait and ask again from the same token.
                    int count;
                    do
                    {
                        var page = await cli.Client.GetLogsAsync(functionName, sinceMs, token, null, cancellationToken);
                        count = Print(cli, page);
                        printed += count;
                        token = page.TryGetProperty("nextToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : token;
                    }
                    while (count > 0);

                    if (!parse.GetValue(follow))
                    {
                        break;
                    }

                    await Task.Delay(FollowInterval, cancellationToken);
                }
            }
            catch (LambdaApiException e) when (e.IsNotFound)
            {
                throw new CliException($"function '{functionName}' not found");
            }
            catch (OperationCanceledException) when (parse.GetValue(follow) && cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C is how --follow ends.
                return ExitCodes.Success;
            }

            if (printed == 0)
            {
                cli.Say($"No log lines since {from.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; --since 1d looks further back.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int Print(CliContext cli, JsonElement page)
    {
        if (!page.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var count = 0;
        foreach (var e in events.EnumerateArray())
        {
            count++;
            if (cli.Format == OutputFormat.Json)
            {
                cli.Out.WriteLine(e.GetRawText().ReplaceLineEndings(""));
            }
            else
            {
                cli.Out.WriteLine(e.TryGetProperty("message", out var message) ? message.GetString() : "");
            }
        }

        cli.Out.Flush();
        return count;
    }
}
