using System.Diagnostics.CodeAnalysis;

namespace Faas.Scheduler.Abstractions;

/// <summary>
/// A destination of asynchronous invocation outcomes: another function
/// (<c>arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]</c>, invoked asynchronously with the record as
/// its event) or a Kafka topic (<c>kafka://{topic}</c>, the record as the message value).
/// </summary>
public sealed record DestinationArn
{
    private const string KafkaScheme = "kafka://";

    /// <summary>The function to invoke, when the destination is a function.</summary>
    public string? FunctionName { get; private init; }

    /// <summary>The function's qualifier, or null.</summary>
    public string? Qualifier { get; private init; }

    /// <summary>The topic to write to, when the destination is a Kafka topic.</summary>
    public string? Topic { get; private init; }

    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out DestinationArn? destination, [NotNullWhen(false)] out string? error)
    {
        destination = null;
        error = null;
        if (value.StartsWith(KafkaScheme, StringComparison.Ordinal))
        {
            var topic = value[KafkaScheme.Length..];
            if (!IsTopicName(topic))
            {
                error = $"The Kafka topic in destination '{value}' must be 1-249 characters of [a-zA-Z0-9._-] and not '.' or '..'.";
                return false;
            }

            destination = new DestinationArn { Topic = topic };
            return true;
        }

        // arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]
        var parts = value.Split(':');
        if (parts.Length is 7 or 8 && parts[0] == "arn" && parts[1].StartsWith("aws", StringComparison.Ordinal) && parts[2] == "lambda" && parts[5] == "function")
        {
            var name = parts[6];
            var qualifier = parts.Length == 8 ? parts[7] : null;
            if (name.Length is > 0 and <= 64 && name.All(IsNameChar) && (qualifier is null || (qualifier.Length is > 0 and <= 128 && (qualifier == "$LATEST" || qualifier.All(IsNameChar)))))
            {
                destination = new DestinationArn { FunctionName = name, Qualifier = qualifier };
                return true;
            }
        }

        error = parts.Length > 2 && parts[0] == "arn" && parts[2] is "sqs" or "sns" or "events" or "s3"
            ? $"Destination '{value}' is not supported on this platform: use a function ARN or a Kafka topic (kafka://topic-name)."
            : $"Destination '{value}' is not a function ARN (arn:aws:lambda:region:account:function:name) or a Kafka topic (kafka://topic-name).";
        return false;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static bool IsTopicName(string topic)
        => topic.Length is > 0 and <= 249 && topic is not ("." or "..") && topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
