namespace Faas.Gateway.Auth;

/// <summary>
/// Request authentication settings (section <c>Gateway:Auth</c>). With no keys the gateway accepts any credentials and
/// unsigned requests, which is allowed only on a loopback address; once keys are listed, every Lambda API request and
/// every <c>AWS_IAM</c> function URL request must carry an AWS Signature Version 4 made with one of them, whatever the address.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The access keys callers sign requests with, and what each may do.</summary>
    public List<AccessKeyOptions> Keys { get; set; } = [];

    /// <summary>Largest difference between a request's signing time and the gateway's clock; older or newer signatures are refused.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether <c>/metrics</c> (Prometheus text) is served without a signature when keys are enforced, since scrapers cannot sign.</summary>
    public bool AnonymousMetrics { get; set; } = true;
}
