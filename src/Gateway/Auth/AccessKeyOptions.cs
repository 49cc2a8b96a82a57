namespace Faas.Gateway.Auth;

/// <summary>One access key: the pair a caller configures in its AWS CLI or SDK, and what requests signed with it may do.</summary>
public sealed class AccessKeyOptions
{
    /// <summary>The access key id, as the caller's <c>AWS_ACCESS_KEY_ID</c>.</summary>
    public string AccessKeyId { get; set; } = "";

    /// <summary>The secret key, as the caller's <c>AWS_SECRET_ACCESS_KEY</c>; never logged.</summary>
    public string SecretAccessKey { get; set; } = "";

    /// <summary>What the key may do: <c>Control</c> (the control API), <c>Invoke</c> (Invoke API and <c>AWS_IAM</c> function URLs) or both (<c>Control, Invoke</c>, the default).</summary>
    public AccessGrants Grants { get; set; } = AccessGrants.Control | AccessGrants.Invoke;
}
