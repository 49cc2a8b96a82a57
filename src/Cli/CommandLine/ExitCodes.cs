namespace Faas.Cli.CommandLine;

/// <summary>The exit codes of <c>faas</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed: an API error, a bad input, a build failure, or (invoke) the function's own error.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong (unknown verb or option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
