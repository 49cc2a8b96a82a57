namespace Faas.Host.Handlers;

/// <summary>The <c>errorType</c> values of init errors the host detects itself.</summary>
internal static class InitErrorTypes
{
    /// <summary>The handler string is not <c>Assembly::Namespace.Type::Method</c>.</summary>
    public const string MalformedHandlerName = "Runtime.MalformedHandlerName";

    /// <summary>The assembly, type or method named by the handler string does not exist.</summary>
    public const string HandlerNotFound = "Runtime.HandlerNotFound";

    /// <summary>The handler exists but cannot be called: bad signature, type, serializer or unsupported mode.</summary>
    public const string InvalidEntrypoint = "Runtime.InvalidEntrypoint";
}
