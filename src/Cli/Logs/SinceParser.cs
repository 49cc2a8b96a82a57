using System.Globalization;

namespace Faas.Cli.Logs;

/// <summary>Reads <c>--since</c>: a duration back from now (<c>90s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>, <c>1w</c>) or an ISO-8601 time.</summary>
internal static class SinceParser
{
    /// <summary>The start time, or null when <paramref name="value"/> is neither form.</summary>
    public static DateTimeOffset? Parse(string value, DateTimeOffset now)
    {
        value = value.Trim();
        if (value.Length >= 2 && long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? span = char.ToLowerInvariant(value[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                'w' => TimeSpan.FromDays(7 * amount),
                _ => null,
            };
            if (span is { } back)
            {
                return now - back;
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }
}
