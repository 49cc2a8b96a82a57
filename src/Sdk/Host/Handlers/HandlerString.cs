namespace Faas.Host.Handlers;

/// <summary>A class-library handler string <c>Assembly::Namespace.Type::Method</c> split into its three parts (LAMBDA-COMPAT 4.1).</summary>
internal sealed record HandlerString(string AssemblyName, string TypeName, string MethodName)
{
    private const string Separator = "::";

    /// <summary>Parses <paramref name="handler"/>; throws <see cref="HandlerInitException"/> when it is not a class-library handler.</summary>
    public static HandlerString Parse(string? handler)
    {
        if (string.IsNullOrWhiteSpace(handler))
        {
            throw new HandlerInitException(InitErrorTypes.MalformedHandlerName, "The handler is empty; expected 'Assembly::Namespace.Type::Method'.");
        }

        if (!handler.Contains(Separator, StringComparison.Ordinal))
        {
            throw new HandlerInitException(
                InitErrorTypes.InvalidEntrypoint,
                $"The handler '{handler}' names an executable assembly; Faas.Host runs only class-library handlers 'Assembly::Namespace.Type::Method'.");
        }

        var parts = handler.Split(Separator, StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            throw new HandlerInitException(
                InitErrorTypes.MalformedHandlerName,
                $"The handler '{handler}' is malformed: expected 'Assembly::Namespace.Type::Method' with three non-empty parts.");
        }

        return new HandlerString(parts[0], parts[1], parts[2]);
    }

    /// <inheritdoc />
    public override string ToString() => string.Concat(AssemblyName, Separator, TypeName, Separator, MethodName);
}
