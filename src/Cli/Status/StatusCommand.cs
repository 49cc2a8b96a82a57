using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Faas.Cli.CommandLine;
using Spectre.Console;

namespace Faas.Cli.Status;

/// <summary>
/// <c>faas status</c>: every target scaled on Kafka consumer lag (event source mappings, the async-invocation topics)
/// with its lag, desired and actual pollers, desired warm environments and the last decision, read from Faas's scaling
/// status API; under the async-invocation target, one row per function in its backlog (estimated records waiting,
/// desired warm environments). <c>--output json</c> prints that API's answer.
/// </summary>
internal static class StatusCommand
{
    private static readonly string[] Headers = ["TARGET", "FUNCTION", "TOPICS", "PARTITIONS", "LAG", "POLLERS (DESIRED/ACTUAL)", "ENVIRONMENTS", "LAST DECISION"];

    public static Command Create(Option<string> endpoint, Option<OutputFormat> output)
    {
        var command = new Command("status", "Show autoscaling on Kafka lag: lag, pollers and warm environments per target");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var cli = new CliContext(parse, endpoint, output);
            var status = await cli.Client.GetScalingAsync(cancellationToken);
            if (cli.Format == OutputFormat.Json)
            {
                cli.WriteJson(status);
                return ExitCodes.Success;
            }

            var targets = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("Targets", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().ToList()
                : throw new JsonException("the scaling status has no Targets list");
            if (targets.Count == 0)
            {
                cli.Say("No targets are scaled on Kafka lag.");
                return ExitCodes.Success;
            }

            var now = DateTimeOffset.UtcNow;
            var rows = targets.SelectMany(t => (IEnumerable<string[]>)[Row(t, now), .. FunctionRows(t)]).ToList();
            if (cli.Interactive)
            {
                var table = new Table().Border(TableBorder.Simple);
                foreach (var header in Headers)
                {
                    table.AddColumn(header);
                }

                foreach (var row in rows)
                {
                    table.AddRow(row.Select(Markup.Escape).ToArray());
                }

                cli.Ansi.Write(table);
            }
            else
            {
                var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
                cli.Out.WriteLine(string.Join("  ", Headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
                foreach (var row in rows)
                {
                    cli.Out.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string[] Row(JsonElement target, DateTimeOffset now)
    {
        var topics = target.TryGetProperty("Topics", out var t) && t.ValueKind == JsonValueKind.Array
            ? string.Join(",", t.EnumerateArray().Select(static topic => topic.GetString()))
            : "";
        var function = Text(target, "FunctionName") is { Length: > 0 } name ? name : Text(target, "Kind") == "AsyncInvocation" ? "(async: all)" : "";
        var decision = Text(target, "LastDecision");
        if (Text(target, "SampleError") is { Length: > 0 } error)
        {
            decision = $"lag unreadable: {error}";
        }
        else if (DateTimeOffset.TryParse(Text(target, "LastDecisionAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            decision += $" ({Math.Max(0, (int)(now - at).TotalSeconds)}s ago)";
        }

        return
        [
            Text(target, "TargetId"),
            function,
            topics,
            Number(target, "PartitionCount"),
            Number(target, "TotalLag"),
            $"{Number(target, "DesiredPollers")}/{Number(target, "ActualPollers")}",
            Number(target, "DesiredEnvironments"),
            decision,
        ];
    }

    // The functions whose records wait in a target serving many (the async topics): the estimated backlog ("~") and
    // the warm environments asked for each, under the target's row.
    private static IEnumerable<string[]> FunctionRows(JsonElement target)
    {
        if (!target.TryGetProperty("Functions", out var functions) || functions.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var function in functions.EnumerateArray())
        {
            var qualifier = Text(function, "Qualifier");
            var name = Text(function, "FunctionName") + (qualifier is "" or "$LATEST" ? "" : ":" + qualifier);
            yield return
            [
                "",
                "  " + name,
                "",
                "",
                "~" + Number(function, "EstimatedBacklog"),
                "",
                Number(function, "DesiredEnvironments"),
                $"{Number(function, "SampledRecords")} records sampled; at most {Number(function, "EnvironmentCap")} environments",
            ];
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64().ToString(CultureInfo.InvariantCulture) : "0";
}
