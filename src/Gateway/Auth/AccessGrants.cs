namespace Faas.Gateway.Auth;

/// <summary>What an access key allows; configured as a comma-separated list such as <c>Control, Invoke</c>.</summary>
[Flags]
public enum AccessGrants
{
    /// <summary>Nothing; a key must grant something.</summary>
    None = 0,

    /// <summary>The control API: create, update, delete and read functions, versions, aliases, URLs, concurrency, mappings.</summary>
    Control = 1,

    /// <summary>Invocations: Invoke, InvokeAsync, InvokeWithResponseStream and <c>AWS_IAM</c> function URLs.</summary>
    Invoke = 2,
}
