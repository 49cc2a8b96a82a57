namespace Faas.Cli.Deploy;

/// <summary>
/// A function's settings as one source gives them (a config file, the command line); null means "not given here".
/// Sources are layered with <see cref="Over"/>: the command line over aws-lambda-tools-defaults.json over template.yaml.
/// </summary>
internal sealed record FunctionSettings
{
    /// <summary>The function's name.</summary>
    public string? Name { get; init; }

    /// <summary>The handler string, e.g. <c>Hello::Hello.Function::Handler</c>.</summary>
    public string? Handler { get; init; }

    /// <summary>The runtime, e.g. <c>dotnet10</c> or <c>provided.al2023</c>.</summary>
    public string? Runtime { get; init; }

    /// <summary>Memory size in MB.</summary>
    public int? MemorySize { get; init; }

    /// <summary>Timeout in seconds.</summary>
    public int? Timeout { get; init; }

    /// <summary>Environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Reserved concurrency (PutFunctionConcurrency).</summary>
    public int? ReservedConcurrency { get; init; }

    /// <summary>The idempotency config to put (or remove); null leaves the function's as it is.</summary>
    public IdempotencySetting? Idempotency { get; init; }

    /// <summary>The function's description.</summary>
    public string? Description { get; init; }

    /// <summary>The execution role ARN (kept for compatibility; Faas does not assume roles).</summary>
    public string? Role { get; init; }

    /// <summary><c>x86_64</c> or <c>arm64</c>.</summary>
    public string? Architecture { get; init; }

    /// <summary>Whether to publish a version after the update.</summary>
    public bool? Publish { get; init; }

    /// <summary>Where the code is, relative to the config file's folder (SAM's <c>CodeUri</c>).</summary>
    public string? CodeUri { get; init; }

    /// <summary>The build configuration for <c>dotnet publish</c> (default Release).</summary>
    public string? Configuration { get; init; }

    /// <summary>These settings, with anything not given here taken from <paramref name="lower"/>; variables merge by name.</summary>
    public FunctionSettings Over(FunctionSettings lower) => new()
    {
        Name = Name ?? lower.Name,
        Handler = Handler ?? lower.Handler,
        Runtime = Runtime ?? lower.Runtime,
        MemorySize = MemorySize ?? lower.MemorySize,
        Timeout = Timeout ?? lower.Timeout,
        Environment = (Environment, lower.Environment) switch
        {
            (null, var below) => below,
            (var above, null) => above,
            var (above, below) => below.Concat(above).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
        },
        ReservedConcurrency = ReservedConcurrency ?? lower.ReservedConcurrency,
        Idempotency = Idempotency ?? lower.Idempotency,
        Description = Description ?? lower.Description,
        Role = Role ?? lower.Role,
        Architecture = Architecture ?? lower.Architecture,
        Publish = Publish ?? lower.Publish,
        CodeUri = CodeUri ?? lower.CodeUri,
        Configuration = Configuration ?? lower.Configuration,
    };

    /// <summary>Parses <c>K=V;K2=V2</c> (Amazon.Lambda.Tools' format) or a list of <c>K=V</c>; null when an entry has no <c>=</c> or no name.</summary>
    public static Dictionary<string, string>? ParseVariables(IEnumerable<string> entries)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=');
            if (eq <= 0)
            {
                return null;
            }

            variables[entry[..eq].Trim()] = entry[(eq + 1)..];
        }

        return variables;
    }
}
