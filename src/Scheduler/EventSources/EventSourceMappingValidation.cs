using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.EventSources;

/// <summary>Lambda's rules for self-managed Kafka mappings (ranges and wording), checked before anything is stored.</summary>
internal static class EventSourceMappingValidation
{
    /// <summary>Kafka mappings need a function timeout of at most 14 minutes.</summary>
    public const int MaxFunctionTimeoutSeconds = 14 * 60;

    private static readonly string[] StartingPositions = ["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"];

    /// <summary>The members a Create needs, and their ranges.</summary>
    public static RegistryError? ValidateCreate(EventSourceMappingSettings settings)
    {
        if (string.IsNullOrEmpty(settings.FunctionName))
        {
            return Invalid("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
        }

        if (settings.BootstrapServers is not { Count: > 0 } servers)
        {
            return Invalid("SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS is required: the brokers' host:port list.");
        }

        foreach (var server in servers)
        {
            if (!IsHostPort(server))
            {
                return Invalid($"Bootstrap server '{server}' is not of the form host:port.");
            }
        }

        if (settings.Topics is not { Count: 1 } topics)
        {
            return Invalid(settings.Topics is null or { Count: 0 }
                ? "Topics is required for a self-managed Kafka event source: one topic."
                : "Only one topic can be specified for a self-managed Kafka event source.");
        }

        if (!IsTopicName(topics[0]))
        {
            return Invalid($"1 validation error detected: Value '{topics[0]}' at 'topics' failed to satisfy constraint: Member must be 1-249 characters of [a-zA-Z0-9._-] and not '.' or '..'");
        }

        if (settings.StartingPosition is null)
        {
            return Invalid("StartingPosition is required for a self-managed Kafka event source: TRIM_HORIZON, LATEST or AT_TIMESTAMP.");
        }

        if (!StartingPositions.Contains(settings.StartingPosition, StringComparer.Ordinal))
        {
            return Invalid($"1 validation error detected: Value '{settings.StartingPosition}' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
        }

        if (settings.StartingPosition == "AT_TIMESTAMP" && settings.StartingPositionTimestamp is null)
        {
            return Invalid("StartingPositionTimestamp is required when StartingPosition is AT_TIMESTAMP.");
        }

        if (settings.StartingPosition != "AT_TIMESTAMP" && settings.StartingPositionTimestamp is not null)
        {
            return Invalid("StartingPositionTimestamp is only allowed when StartingPosition is AT_TIMESTAMP.");
        }

        if (settings.ConsumerGroupId is { } group && (group.Length is < 1 or > 200 || group.Any(char.IsControl)))
        {
            return Invalid($"1 validation error detected: Value '{group}' at 'selfManagedKafkaEventSourceConfig.consumerGroupId' failed to satisfy constraint: Member must have length between 1 and 200");
        }

        if (settings.OnFailure is { Length: > 0 } onFailure && DestinationArn.TryParse(onFailure, out var destination, out _) && destination.Topic == topics[0])
        {
            return Invalid($"The on-failure destination topic '{destination.Topic}' is the mapping's own topic; records would loop.");
        }

        return ValidateCommon(settings);
    }

    /// <summary>The members an Update may carry, and their ranges.</summary>
    public static RegistryError? ValidateUpdate(EventSourceMappingSettings settings, EventSourceMapping current)
    {
        if (settings.BootstrapServers is not null || settings.Topics is not null || settings.StartingPosition is not null || settings.StartingPositionTimestamp is not null)
        {
            return Invalid("SelfManagedEventSource, Topics, StartingPosition and StartingPositionTimestamp cannot be changed; create a new event source mapping.");
        }

        if (settings.ConsumerGroupId is { } group && group != current.ConsumerGroupId)
        {
            return Invalid("The consumer group ID of an event source mapping cannot be changed; create a new event source mapping.");
        }

        if (settings.OnFailure is { Length: > 0 } onFailure && DestinationArn.TryParse(onFailure, out var destination, out _) && destination.Topic == current.Topic)
        {
            return Invalid($"The on-failure destination topic '{destination.Topic}' is the mapping's own topic; records would loop.");
        }

        return ValidateCommon(settings);
    }

    /// <summary>The function may serve a Kafka mapping: its timeout is at most 14 minutes.</summary>
    public static RegistryError? ValidateFunction(ResolvedFunction function)
    {
        var timeout = Math.Max(function.Primary.Timeout, function.Additional?.Timeout ?? 0);
        return timeout > MaxFunctionTimeoutSeconds
            ? Invalid($"The function timeout ({timeout} seconds) must be at most {MaxFunctionTimeoutSeconds} seconds (14 minutes) for a Kafka event source mapping.")
            : null;
    }

    private static RegistryError? ValidateCommon(EventSourceMappingSettings settings)
    {
        if (settings.BatchSize is { } batch and (< 1 or > 10000))
        {
            return Range(batch, "batchSize", 1, 10000);
        }

        if (settings.MaximumBatchingWindowInSeconds is { } window and (< 0 or > 300))
        {
            return Range(window, "maximumBatchingWindowInSeconds", 0, 300);
        }

        if (settings.MaximumRetryAttempts is { } retries and (< -1 or > 10000))
        {
            return Range(retries, "maximumRetryAttempts", -1, 10000);
        }

        if (settings.MaximumRecordAgeInSeconds is { } age && age != -1 && age is < 60 or > 604800)
        {
            return Invalid($"1 validation error detected: Value '{age}' at 'maximumRecordAgeInSeconds' failed to satisfy constraint: Member must be -1 or between 60 and 604800");
        }

        if (settings.FunctionResponseTypes is { } types && types.Any(type => type != "ReportBatchItemFailures"))
        {
            return Invalid($"1 validation error detected: Value '[{string.Join(", ", types)}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy enum value set: [ReportBatchItemFailures]");
        }

        if (settings.Pollers is { } pollers)
        {
            if (pollers.MinimumPollers is { } min and (< 1 or > 200))
            {
                return Range(min, "provisionedPollerConfig.minimumPollers", 1, 200);
            }

            if (pollers.MaximumPollers is { } max and (< 1 or > 10000))
            {
                return Range(max, "provisionedPollerConfig.maximumPollers", 1, 10000);
            }

            if ((pollers.MinimumPollers ?? EventSourceMapping.DefaultMinimumPollers) > (pollers.MaximumPollers ?? EventSourceMapping.DefaultMaximumPollers))
            {
                return Invalid("ProvisionedPollerConfig.MinimumPollers must be less than or equal to MaximumPollers.");
            }
        }

        if (!string.IsNullOrEmpty(settings.OnFailure) && !DestinationArn.TryParse(settings.OnFailure, out _, out var error))
        {
            return Invalid(error);
        }

        return null;
    }

    private static bool IsHostPort(string server)
    {
        var colon = server.LastIndexOf(':');
        return colon > 0 && colon < server.Length - 1
            && int.TryParse(server.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535
            && !server.AsSpan(0, colon).ContainsAny(" ,/");
    }

    private static bool IsTopicName(string topic)
        => topic.Length is > 0 and <= 249 && topic is not ("." or "..") && topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static RegistryError Range(int value, string member, int min, int max)
        => Invalid($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have value {(value < min ? $"greater than or equal to {min}" : $"less than or equal to {max}")}");

    private static RegistryError Invalid(string message) => new(RegistryErrorKind.InvalidParameter, message);
}
