namespace Faas.Scheduler.Abstractions;

/// <summary>
/// The configuration of one version of a function (<c>$LATEST</c> or a published number), as the registry stores it and
/// as Lambda's <c>FunctionConfiguration</c> reports it. Published versions never change.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FunctionVersionConfig
{
    /// <summary>The function's name.</summary>
    [Id(0)] public required string FunctionName { get; init; }

    /// <summary>The ARN of this version: unqualified for <c>$LATEST</c>, <c>...:function:name:N</c> for version N.</summary>
    [Id(1)] public required string FunctionArn { get; init; }

    /// <summary><c>$LATEST</c> or the version number.</summary>
    [Id(2)] public required string Version { get; init; }

    /// <summary>Lambda runtime identifier.</summary>
    [Id(3)] public required string Runtime { get; init; }

    /// <summary>The execution role ARN the caller gave; accepted and echoed, not used.</summary>
    [Id(4)] public string? Role { get; init; }

    /// <summary>The handler string; may be empty for custom runtimes.</summary>
    [Id(5)] public required string Handler { get; init; }

    /// <summary>The description, empty when none.</summary>
    [Id(6)] public string Description { get; init; } = "";

    /// <summary>Timeout in seconds.</summary>
    [Id(7)] public required int Timeout { get; init; }

    /// <summary>Memory size in MB.</summary>
    [Id(8)] public required int MemorySize { get; init; }

    /// <summary>Environment variables.</summary>
    [Id(9)] public Dictionary<string, string> Environment { get; init; } = [];

    /// <summary>The deployment zip.</summary>
    [Id(10)] public required StoredPackage Code { get; init; }

    /// <summary>When this version's code or configuration last changed.</summary>
    [Id(11)] public required DateTimeOffset LastModified { get; init; }

    /// <summary>Changes on every update; callers pass it back for optimistic concurrency.</summary>
    [Id(12)] public required string RevisionId { get; init; }

    /// <summary><c>PassThrough</c> or <c>Active</c>.</summary>
    [Id(13)] public string TracingMode { get; init; } = "PassThrough";

    /// <summary><c>x86_64</c> or <c>arm64</c>.</summary>
    [Id(14)] public string Architecture { get; init; } = "x86_64";

    /// <summary>Size of <c>/tmp</c> in MB.</summary>
    [Id(15)] public int EphemeralStorageSize { get; init; } = 512;

    /// <summary><c>Text</c> or <c>JSON</c>.</summary>
    [Id(16)] public string LogFormat { get; init; } = "Text";

    /// <summary>Application log level (JSON log format only), or null.</summary>
    [Id(17)] public string? ApplicationLogLevel { get; init; }

    /// <summary>System log level (JSON log format only), or null.</summary>
    [Id(18)] public string? SystemLogLevel { get; init; }

    /// <summary>The log group name, <c>/aws/lambda/{name}</c> unless set.</summary>
    [Id(19)] public required string LogGroup { get; init; }

    /// <summary>A published version's ARN when this is <c>$LATEST</c>, else null; unused.</summary>
    [Id(20)] public string? MasterArn { get; init; }
}
