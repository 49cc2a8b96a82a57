using System.Globalization;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Kafka;

/// <summary>Checks <see cref="KafkaOptions"/> at start; each message names the key and what it allows.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var failures = new List<string>();
        foreach (var server in options.BootstrapServers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                failures.Add($"Kafka:BootstrapServers must be a comma-separated list of host:port (port 1-65535); '{server}' is not.");
            }
        }

        foreach (var key in options.Properties.Keys)
        {
            if (key is "bootstrap.servers" or "metadata.broker.list" || key.StartsWith("test.mock.", StringComparison.Ordinal))
            {
                failures.Add($"Kafka:Properties:{key} cannot be set; give the brokers in Kafka:BootstrapServers (empty for the embedded broker).");
            }
        }

        if (options.ReplicationFactor is 0 or < -1)
        {
            failures.Add($"Kafka:ReplicationFactor must be -1 (the brokers' default) or at least 1; got {options.ReplicationFactor}.");
        }

        if (options.TopicCreationTimeout <= TimeSpan.Zero || options.TopicCreationTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Kafka:TopicCreationTimeout must be more than 0 and at most 00:05:00; got {options.TopicCreationTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
