using System.CommandLine;

namespace Faas.Cli.CommandLine;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    /// <summary>The gateway's address when neither <c>--endpoint</c> nor <c>FAAS_ENDPOINT</c> is given.</summary>
    public const string DefaultEndpoint = "http://127.0.0.1:9000";

    /// <summary><c>--endpoint</c>: the gateway to talk to.</summary>
    public static Option<string> CreateEndpoint() => new("--endpoint")
    {
        Description = $"The Faas gateway's address (default: $FAAS_ENDPOINT or {DefaultEndpoint})",
        Recursive = true,
        HelpName = "url",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FAAS_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : DefaultEndpoint,
    };

    /// <summary><c>--output</c>: text or json.</summary>
    public static Option<OutputFormat> CreateOutput() => new("--output", "-o")
    {
        Description = "Output format: text (default) or json",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Text,
    };
}
