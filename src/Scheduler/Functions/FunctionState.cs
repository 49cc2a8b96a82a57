using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

/// <summary>
/// A function's durable registry entry. Values are immutable records; a change builds a <see cref="Clone"/>, edits it and
/// persists it, so a failed write leaves the previous state in place.
/// </summary>
[GenerateSerializer]
internal sealed class FunctionState
{
    /// <summary>The unpublished version; null when the function does not exist.</summary>
    [Id(0)] public FunctionVersionConfig? Latest { get; set; }

    /// <summary>Published versions by number.</summary>
    [Id(1)] public Dictionary<string, FunctionVersionConfig> Versions { get; set; } = [];

    /// <summary>The highest version number ever published; numbers are never reused, as in Lambda.</summary>
    [Id(2)] public int LastVersion { get; set; }

    /// <summary>The <c>RevisionId</c> of <c>$LATEST</c> when version <see cref="LastVersion"/> was published from it.</summary>
    [Id(3)] public string? PublishedRevisionId { get; set; }

    /// <summary>Aliases by name.</summary>
    [Id(4)] public Dictionary<string, AliasConfig> Aliases { get; set; } = [];

    /// <summary>Reserved concurrency, or null when unreserved.</summary>
    [Id(5)] public int? ReservedConcurrency { get; set; }

    /// <summary>Provisioned concurrency by qualifier (version number or alias name).</summary>
    [Id(6)] public Dictionary<string, ProvisionedSetting> Provisioned { get; set; } = [];

    [Id(7)] public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>Function URL configs by alias name; the unqualified function's URL is under <see cref="UnqualifiedUrlKey"/>.</summary>
    [Id(8)] public Dictionary<string, FunctionUrlConfig> Urls { get; set; } = [];

    /// <summary>The idempotency config, or null when invocations are not deduplicated.</summary>
    [Id(9)] public IdempotencyConfig? Idempotency { get; set; }
    /// <summary>Asynchronous invocation configs by qualifier (<c>$LATEST</c>, version number or alias name).</summary>
    [Id(16)] public Dictionary<string, EventInvokeConfig> EventInvokeConfigs { get; set; } = [];

    public const string UnqualifiedUrlKey = "";

    public FunctionState Clone() => new()
    {
        Latest = Latest,
        Versions = new(Versions),
        LastVersion = LastVersion,
        PublishedRevisionId = PublishedRevisionId,
        Aliases = new(Aliases),
        ReservedConcurrency = ReservedConcurrency,
        Provisioned = new(Provisioned),
        Tags = new(Tags),
        Urls = new(Urls),
        Idempotency = Idempotency,
        EventInvokeConfigs = new(EventInvokeConfigs),
    };
}

/// <summary>A provisioned concurrency request.</summary>
[GenerateSerializer, Immutable]
internal sealed record ProvisionedSetting(
    [property: Id(0)] int Requested,
    [property: Id(1)] DateTimeOffset LastModified);
