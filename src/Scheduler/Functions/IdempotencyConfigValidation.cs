using System.Globalization;
using Faas.Idempotency;
using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

/// <summary>The rules of PutFunctionIdempotencyConfig, worded as Lambda words its validation errors.</summary>
public static class IdempotencyConfigValidation
{
    /// <summary>The longest record lifetime accepted: 30 days.</summary>
    public const int MaxExpiresAfterSeconds = 30 * 24 * 3600;

    /// <summary>The longest wait for a run in progress: Lambda's longest timeout.</summary>
    public const int MaxInProgressWaitSeconds = 900;

    /// <summary>Null when the settings are valid, else the first problem.</summary>
    public static RegistryError? Validate(IdempotencySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var source = settings.KeySource ?? IdempotencyConfig.HeaderSource;
        if (source is not (IdempotencyConfig.HeaderSource or IdempotencyConfig.EventSource))
        {
            return Constraint(source, "keySource", "Member must satisfy enum value set: [HEADER, EVENT]");
        }

        if (source == IdempotencyConfig.EventSource)
        {
            if (settings.EventKeyPath is null)
            {
                return new(RegistryErrorKind.InvalidParameter, "1 validation error detected: Value null at 'eventKeyPath' failed to satisfy constraint: Member must not be null when KeySource is EVENT");
            }

            if (!EventKeyPath.TryParse(settings.EventKeyPath, out _, out var problem))
            {
                return new(RegistryErrorKind.InvalidParameter, $"EventKeyPath '{settings.EventKeyPath}' is not a valid expression: {problem}.");
            }
        }
        else if (settings.EventKeyPath is not null)
        {
            return new(RegistryErrorKind.InvalidParameter, "EventKeyPath is used only with KeySource EVENT; with HEADER the key is the Idempotency-Key request header.");
        }

        if (settings.ExpiresAfterSeconds is { } expires && expires is < 1 or > MaxExpiresAfterSeconds)
        {
            return Constraint(Text(expires), "expiresAfterSeconds", expires < 1
                ? "Member must have value greater than or equal to 1"
                : $"Member must have value less than or equal to {MaxExpiresAfterSeconds}");
        }

        if (settings.OnStoreUnavailable is { } mode && mode is not (IdempotencyConfig.FailClosed or IdempotencyConfig.FailOpen))
        {
            return Constraint(mode, "onStoreUnavailable", "Member must satisfy enum value set: [FAIL_CLOSED, FAIL_OPEN]");
        }

        if (settings.InProgressWaitSeconds is { } wait && wait is < 0 or > MaxInProgressWaitSeconds)
        {
            return Constraint(Text(wait), "inProgressWaitSeconds", wait < 0
                ? "Member must have value greater than or equal to 0"
                : $"Member must have value less than or equal to {MaxInProgressWaitSeconds}");
        }

        return null;
    }

    /// <summary>The config the valid <paramref name="settings"/> describe, defaults filled in.</summary>
    public static IdempotencyConfig ToConfig(IdempotencySettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new IdempotencyConfig
        {
            KeySource = settings.KeySource ?? IdempotencyConfig.HeaderSource,
            EventKeyPath = settings.EventKeyPath,
            ExpiresAfterSeconds = settings.ExpiresAfterSeconds ?? IdempotencyConfig.DefaultExpiresAfterSeconds,
            PayloadValidation = settings.PayloadValidation ?? false,
            OnStoreUnavailable = settings.OnStoreUnavailable ?? IdempotencyConfig.FailClosed,
            InProgressWaitSeconds = settings.InProgressWaitSeconds,
            KeyRequired = settings.KeyRequired ?? false,
            LastModified = now,
        };
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static RegistryError Constraint(string value, string member, string constraint)
        => new(RegistryErrorKind.InvalidParameter, $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");
}
