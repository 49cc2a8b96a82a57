namespace Faas.Cli.CommandLine;

/// <summary>A failure the user can act on: printed as one line, <c>faas: &lt;message&gt;</c>, and the exit code.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
