using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Faas.Cli.CommandLine;
using Spectre.Console;

namespace Faas.Cli.Functions;

/// <summary><c>faas ls</c>: every function (ListFunctions, all pages) as a table, or as ListFunctions' JSON.</summary>
internal static class ListCommand
{
    public static Command Create(Option<string> endpoint, Option<OutputFormat> output)
    {
        var versions = new Option<bool>("--versions") { Description = "Also count each function's published versions (one more call per function)" };
        var command = new Command("ls", "List functions") { versions };
        command.Aliases.Add("list");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var cli = new CliContext(parse, endpoint, output);
            var functions = new List<JsonElement>();
            await foreach (var function in cli.Client.ListFunctionsAsync(cancellationToken))
            {
                functions.Add(function);
            }

            functions.Sort((a, b) => string.CompareOrdinal(Text(a, "FunctionName"), Text(b, "FunctionName")));
            Dictionary<string, int>? counts = null;
            if (parse.GetValue(versions))
            {
                counts = [];
                foreach (var function in functions)
                {
                    var name = Text(function, "FunctionName");
                    var list = await cli.Client.ListVersionsAsync(name, cancellationToken);
                    counts[name] = list.Count(v => Text(v, "Version") != "$LATEST");
                }
            }

            if (cli.Format == OutputFormat.Json)
            {
                cli.WriteJson(json =>
                {
                    json.WriteStartObject();
                    json.WriteStartArray("Functions");
                    foreach (var function in functions)
                    {
                        function.WriteTo(json);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            if (functions.Count == 0)
            {
                cli.Say("No functions. Deploy one with 'faas deploy'.");
                return ExitCodes.Success;
            }

            string[] headers = counts is null ? ["NAME", "RUNTIME", "MEMORY", "TIMEOUT", "LAST MODIFIED"] : ["NAME", "RUNTIME", "MEMORY", "TIMEOUT", "LAST MODIFIED", "VERSIONS"];
            var rows = functions.Select(f => Row(f, counts)).ToList();
            if (cli.Interactive)
            {
                var table = new Table().Border(TableBorder.Simple);
                foreach (var header in headers)
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
                WriteColumns(cli.Out, headers, rows);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string[] Row(JsonElement function, Dictionary<string, int>? counts)
    {
        var name = Text(function, "FunctionName");
        var runtime = Text(function, "Runtime") is { Length: > 0 } r ? r : Text(function, "PackageType");
        var memory = function.TryGetProperty("MemorySize", out var m) && m.ValueKind == JsonValueKind.Number ? $"{m.GetInt32()} MB" : "";
        var timeout = function.TryGetProperty("Timeout", out var t) && t.ValueKind == JsonValueKind.Number ? $"{t.GetInt32()} s" : "";
        string[] row = [name, runtime, memory, timeout, LastModified(Text(function, "LastModified"))];
        return counts is null ? row : [.. row, counts.GetValueOrDefault(name).ToString(CultureInfo.InvariantCulture)];
    }

    // Lambda's `2020-04-10T19:06:32.563+0000`, shown in UTC to the second.
    private static string LastModified(string value) =>
        DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.fffzzzz", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
        || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z"
            : value;

    private static void WriteColumns(TextWriter writer, string[] headers, List<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        writer.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }

    internal static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
