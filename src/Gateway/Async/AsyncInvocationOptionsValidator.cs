using Microsoft.Extensions.Options;

namespace Faas.Gateway.Async;

/// <summary>Checks <c>Gateway:Async</c> at start; each message names the key and its allowed range.</summary>
internal sealed class AsyncInvocationOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var async = options.Async;
        var failures = new List<string>();
        foreach (var (key, topic) in (ReadOnlySpan<(string, string)>)[("Topic", async.Topic), ("RetryTopic", async.RetryTopic)])
        {
            if (topic.Length is 0 or > 249 || !topic.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                failures.Add($"Gateway:Async:{key} must be a Kafka topic name (1-249 characters of a-z A-Z 0-9 . _ -); got '{topic}'.");
            }
        }

        if (async.Topic == async.RetryTopic)
        {
            failures.Add("Gateway:Async:RetryTopic must differ from Gateway:Async:Topic.");
        }

        Range(failures, "Partitions", async.Partitions, 1, 10000);
        Range(failures, "MaxPayloadBytes", async.MaxPayloadBytes, 1024, 1024 * 1024);
        Range(failures, "MaxInFlight", async.MaxInFlight, 1, 100_000);
        Range(failures, "MaxConcurrencyPerFunction", async.MaxConcurrencyPerFunction, 1, 10_000);
        if (string.IsNullOrWhiteSpace(async.ConsumerGroup))
        {
            failures.Add("Gateway:Async:ConsumerGroup must not be empty.");
        }

        Positive(failures, "AcceptTimeout", async.AcceptTimeout, TimeSpan.FromMinutes(5));
        Positive(failures, "RetryDelay", async.RetryDelay, TimeSpan.FromHours(1));
        Positive(failures, "ThrottleRetryDelay", async.ThrottleRetryDelay, TimeSpan.FromHours(1));
        Positive(failures, "ThrottleRetryMaxDelay", async.ThrottleRetryMaxDelay, TimeSpan.FromHours(6));
        Positive(failures, "CommitInterval", async.CommitInterval, TimeSpan.FromMinutes(1));
        if (async.SessionTimeout < TimeSpan.FromSeconds(1) || async.SessionTimeout > TimeSpan.FromMinutes(30))
        {
            failures.Add($"Gateway:Async:SessionTimeout must be 00:00:01 to 00:30:00 (and within the brokers' group session limits); got {async.SessionTimeout}.");
        }
        if (async.ThrottleRetryMaxDelay < async.ThrottleRetryDelay)
        {
            failures.Add("Gateway:Async:ThrottleRetryMaxDelay must be at least Gateway:Async:ThrottleRetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"Gateway:Async:{key} must be {min}-{max}; got {value}.");
        }
    }

    private static void Positive(List<string> failures, string key, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            failures.Add($"Gateway:Async:{key} must be more than 0 and at most {max}; got {value}.");
        }
    }
}
