using Faas.Worker.Environments;
using Faas.Worker.Packages;

namespace Faas.Worker;

/// <summary>Settings of a worker agent, bound from the <c>Worker</c> configuration section.</summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Worker";

    /// <summary>Identifies this worker to the scheduler; a random id when empty.</summary>
    public string WorkerId { get; set; } = "";

    /// <summary>Folder for unpacked packages, environment temp folders and function logs.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "faas-worker");

    /// <summary>Address the invoke and control listeners bind to; loopback unless the worker is reached from other nodes.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the HTTP/1.1 listener that accepts forwarded invocations; 0 picks a free port.</summary>
    public int InvokePort { get; set; }

    /// <summary>Port of the HTTP/2 (cleartext) gRPC control listener; 0 picks a free port.</summary>
    public int ControlPort { get; set; }

    /// <summary>The region reported to functions in <c>AWS_REGION</c> and ARNs.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The 12-digit account id used in ARNs.</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>Whether socket completions run on Kestrel's I/O threads (lower latency; handlers must not block).</summary>
    public bool InlineSocketCompletions { get; set; } = true;

    /// <summary>Execution environment settings.</summary>
    public EnvironmentOptions Environments { get; set; } = new();

    /// <summary>How long unpacked deployment packages are kept.</summary>
    public PackageOptions Packages { get; set; } = new();
}
