using System.Globalization;
using System.Text;

namespace Faas.Benchmarks;

/// <summary>How a figure compares with its floor or target.</summary>
internal enum Verdict
{
    /// <summary>Informational: no target applies.</summary>
    Info,

    /// <summary>Within its target.</summary>
    Pass,

    /// <summary>Over its target.</summary>
    Miss,
}

/// <summary>One line of the results table.</summary>
internal sealed record ReportRow(string Metric, string Value, string Target, string Ratio, Verdict Verdict);

/// <summary>The results of one run: a Markdown table, figure notes, and the machine it ran on.</summary>
internal sealed class Report(string section = "results", string heading = "Last run")
{
    // Each suite that reports on its own has a section of its own in the docs (results, idempotency-results, kafka-results).
    private readonly string _beginMarker = $"<!-- {section}:begin (written by bench/Worker.Benchmarks; edits inside are overwritten) -->";
    private readonly string _endMarker = $"<!-- {section}:end -->";

    private readonly List<ReportRow> _rows = [];
    private readonly List<string> _notes = [];

    public static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString(value < 10 ? "F3" : "F1", CultureInfo.InvariantCulture) + " ms";

    public static string Mb(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + " MB";

    public static string Times(double ratio) => double.IsNaN(ratio) ? "n/a" : ratio.ToString("F2", CultureInfo.InvariantCulture) + "x";

    public void Info(string metric, string value, string floor = "", string ratio = "")
        => _rows.Add(new ReportRow(metric, value, floor, ratio, Verdict.Info));

    /// <summary>Adds a figure with an upper bound: it passes when <paramref name="measured"/> is at most <paramref name="limit"/>.</summary>
    public void Bounded(string metric, string value, string target, string ratio, double measured, double limit)
        => _rows.Add(new ReportRow(metric, value, target, ratio, measured <= limit ? Verdict.Pass : Verdict.Miss));

    /// <summary>Adds a figure with a lower bound: it passes when <paramref name="measured"/> is at least <paramref name="limit"/>.</summary>
    public void AtLeast(string metric, string value, string target, string ratio, double measured, double limit)
        => _rows.Add(new ReportRow(metric, value, target, ratio, measured >= limit ? Verdict.Pass : Verdict.Miss));

    public void Note(string note) => _notes.Add(note);

    public IReadOnlyList<string> Notes => _notes;

    public int Misses => _rows.Count(static r => r.Verdict == Verdict.Miss);

    public string ToMarkdownTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| metric | value | floor / target | ratio | result |");
        text.AppendLine("| --- | ---: | --- | ---: | --- |");
        foreach (var row in _rows)
        {
            var verdict = row.Verdict switch
            {
                Verdict.Pass => "pass",
                Verdict.Miss => "**MISS**",
                _ => "",
            };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Metric} | {row.Value} | {row.Target} | {row.Ratio} | {verdict} |");
        }

        return text.ToString();
    }

    /// <summary>The generated section of docs/benchmarks.md: command, machine, date, table and notes.</summary>
    public string ToMarkdownSection(BenchmarkOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(_beginMarker);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {heading}");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"dotnet run -c Release --project bench/Worker.Benchmarks -- {options.CommandLine}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} logical CPUs (`nproc`), {CpuModel()}, {TotalMemory()} RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- runtime: .NET {Environment.Version}, workstation GC, {(IsRelease() ? "Release" : "**Debug** build (figures not representative)")}");
        text.AppendLine();
        text.Append(ToMarkdownTable());
        text.AppendLine();
        foreach (var note in _notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        text.AppendLine();
        text.AppendLine(_endMarker);
        return text.ToString();
    }

    /// <summary>Replaces the generated section of <paramref name="path"/>, keeping what is written around it.</summary>
    public void WriteInto(string path, BenchmarkOptions options)
    {
        var section = ToMarkdownSection(options);
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var begin = existing.IndexOf(_beginMarker, StringComparison.Ordinal);
        var end = existing.IndexOf(_endMarker, StringComparison.Ordinal);
        var updated = begin >= 0 && end > begin
            ? string.Concat(existing.AsSpan(0, begin), section.TrimEnd('\n'), existing.AsSpan(end + _endMarker.Length))
            : existing.TrimEnd('\n') + "\n\n" + section;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, updated);
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(static l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string TotalMemory()
    {
        var bytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return (bytes / (1024.0 * 1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " GB";
    }

    private static bool IsRelease()
        => typeof(Report).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().All(static a => !a.IsJITOptimizerDisabled);
}
