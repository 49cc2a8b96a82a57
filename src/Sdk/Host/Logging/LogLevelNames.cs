namespace Faas.Host.Logging;

/// <summary>Maps level names to the short names of Lambda's .NET Text log format.</summary>
internal static class LogLevelNames
{
    public const string Trace = "trce";
    public const string Debug = "dbug";
    public const string Information = "info";
    public const string Warning = "warn";
    public const string Error = "fail";
    public const string Critical = "crit";

    /// <summary>The Text-format name for a level given as a string (<c>Information</c>, <c>Warning</c>, ...); unknown names pass through.</summary>
    public static string FromName(string? level)
    {
        if (string.IsNullOrEmpty(level))
        {
            return Information;
        }

        return level.ToUpperInvariant() switch
        {
            "TRACE" or "TRCE" => Trace,
            "DEBUG" or "DBUG" => Debug,
            "INFORMATION" or "INFO" => Information,
            "WARNING" or "WARN" => Warning,
            "ERROR" or "FAIL" => Error,
            "CRITICAL" or "CRIT" => Critical,
            _ => level,
        };
    }
}
