using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Faas.Platform.Tests.EventSources;

/// <summary>Records produced with kcat (an outside producer), and the records a SelfManagedKafka event or a failure record carries.</summary>
public static class KafkaRecords
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Produces <paramref name="values"/> in order to one partition (or the partitioner's choice when null), with an optional key per record and headers.</summary>
    public static async Task ProduceAsync(string bootstrapServers, string topic, IEnumerable<string> values, int? partition = null, string? key = null, params (string Name, string Value)[] headers)
    {
        List<string> args = ["-P", "-b", bootstrapServers, "-t", topic, "-D", "\n"];
        if (partition is { } p)
        {
            args.AddRange(["-p", p.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (key is not null)
        {
            args.AddRange(["-K", "\t"]);
        }

        foreach (var (name, value) in headers)
        {
            args.AddRange(["-H", $"{name}={value}"]);
        }

        var input = new StringBuilder();
        foreach (var value in values)
        {
            input.Append(key is null ? value : $"{key}\t{value}").Append('\n');
        }

        var start = new ProcessStartInfo("kcat") { RedirectStandardError = true, RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        args.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start kcat.");
        await process.StandardInput.WriteAsync(input.ToString());
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, $"kcat exited {process.ExitCode}: {await stderr}");
    }

    /// <summary>The decoded values of every record in a SelfManagedKafka event, in event order, with their partition key and offset.</summary>
    public static List<(string Partition, long Offset, string Value)> Records(JsonElement kafkaEvent)
    {
        var records = new List<(string, long, string)>();
        foreach (var partition in kafkaEvent.GetProperty("records").EnumerateObject())
        {
            foreach (var record in partition.Value.EnumerateArray())
            {
                var value = Encoding.UTF8.GetString(Convert.FromBase64String(record.GetProperty("value").GetString()!));
                records.Add((partition.Name, record.GetProperty("offset").GetInt64(), value));
            }
        }

        return records;
    }

    /// <summary>The decoded values of every record of every event a probe saw (events that are not Kafka events are skipped).</summary>
    public static List<string> Values(IEnumerable<string> events)
        => [.. events.Select(static e => JsonDocument.Parse(e).RootElement).Where(static e => e.TryGetProperty("records", out _)).SelectMany(static e => Records(e)).Select(static r => r.Value)];
}
