namespace Faas.Gateway.Auth;

/// <summary>Request authentication settings (section <c>Gateway:Auth</c>).</summary>
public sealed class AuthOptions
{
}
