using Faas.Gateway.Async;
using Faas.Gateway.Auth;
using Faas.Gateway.EventSources;
using Faas.Gateway.FunctionUrls;
using Faas.Gateway.Idempotency;

namespace Faas.Gateway;

/// <summary>Settings of the gateway, bound from the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Gateway";

    /// <summary>Address the public listener binds to. Loopback accepts any AWS credentials; any other address requires configured keys.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the public HTTP listener (Lambda APIs and function URLs); 0 picks a free port.</summary>
    public int Port { get; set; } = 9000;

    /// <summary>
    /// Whether socket completions run on Kestrel's I/O threads instead of being queued to the thread pool: one thread
    /// wake-up less per request, at the price that request code must not block (large control API bodies are parsed on
    /// the thread pool).
    /// </summary>
    public bool InlineSocketCompletions { get; set; } = true;

    /// <summary>Folder of the content-addressed package store (deployment zips), reachable from every worker.</summary>
    public string PackageDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "faas-packages");

    /// <summary>How often this gateway deletes stored zips that no function version references; zero or infinite turns the sweep off.</summary>
    public TimeSpan PackageSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a zip must have been stored, and seen unreferenced by this gateway, before a sweep deletes it (also the
    /// age at which an interrupted upload's temporary file goes): it covers a zip whose function change is not recorded
    /// yet, starts and GetFunction download links handed out just before an update.
    /// </summary>
    public TimeSpan PackageGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The region used in ARNs and accepted in request signatures.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The 12-digit account id used in ARNs.</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>Who may call the APIs.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>How function URLs are addressed.</summary>
    public FunctionUrlOptions FunctionUrls { get; set; } = new();

    /// <summary>Where idempotency records are kept.</summary>
    public IdempotencyOptions Idempotency { get; set; } = new();
    /// <summary>Asynchronous invocation through Kafka.</summary>
    public AsyncInvocationOptions Async { get; set; } = new();

    /// <summary>Event source mapping pollers run by this gateway.</summary>
    public EventSourceOptions EventSources { get; set; } = new();
}
