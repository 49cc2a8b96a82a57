namespace Faas.Worker.Environments;

/// <summary>How an environment's runtime process is started.</summary>
internal enum RuntimeKind
{
    /// <summary>The Faas .NET host (dotnet10, dotnet8, dotnet6), possibly a specialised stem cell.</summary>
    Dotnet,

    /// <summary>The package's own <c>bootstrap</c> executable (provided, provided.al2, provided.al2023).</summary>
    Bootstrap,
}
