using Faas.Cli.Deploy;

namespace Faas.Cli.Up;

/// <summary>
/// The example function <c>faas up</c> deploys: <c>examples/hello</c>, whose build output ships beside the CLI. Its
/// settings are those of the project's aws-lambda-tools-defaults.json (a test keeps the two equal).
/// </summary>
internal static class ExampleFunction
{
    /// <summary>The function's name.</summary>
    public const string Name = "hello";

    /// <summary>An event it answers: <c>{"message":"Hello, Ada!"}</c>.</summary>
    public const string SamplePayload = """{"name":"Ada"}""";

    /// <summary>The example's build output beside the CLI.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "examples", Name);

    /// <summary>The settings it is deployed with.</summary>
    public static FunctionSettings Settings { get; } = new()
    {
        Name = Name,
        Handler = "Hello::Hello.Function::Handler",
        Runtime = "dotnet10",
        MemorySize = 256,
        Timeout = 30,
    };
}
