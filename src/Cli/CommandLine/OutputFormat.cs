namespace Faas.Cli.CommandLine;

/// <summary>How a command prints its result.</summary>
internal enum OutputFormat
{
    /// <summary>For people: tables, sentences, progress.</summary>
    Text,

    /// <summary>For programs: JSON on stdout, progress and warnings on stderr.</summary>
    Json,
}
