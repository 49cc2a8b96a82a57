using System;

namespace Amazon.Lambda.Core;

/// <summary>A static logger usable anywhere in a function's code; the runtime routes it to the invocation's log.</summary>
public static class LambdaLogger
{
    // The runtime replaces these by reflection, by these exact names, as AWS's runtime does.
    private static Action<string> _loggingAction = LogToConsole;
    private static Action<string, string, object[]> _loggingWithLevelAction = (level, message, args) => LogToConsole(MessageFormatter.Format(message, args));
    private static Action<string, Exception, string, object[]> _loggingWithLevelAndExceptionAction =
        (level, exception, message, args) => LogToConsole(MessageFormatter.Format(message, args) + Environment.NewLine + exception);

    /// <summary>Writes a message to the log.</summary>
    public static void Log(string message) => _loggingAction(message);

    /// <summary>Writes a message template with arguments at a named level.</summary>
    public static void Log(string level, string message, params object[] args) => _loggingWithLevelAction(level, message, args);

    /// <summary>Writes a message template with arguments at a level.</summary>
    public static void Log(LogLevel level, string message, params object[] args) => Log(level.ToString(), message, args);

    /// <summary>Writes a message template with an exception at a named level.</summary>
    public static void Log(string level, Exception exception, string message, params object[] args)
        => _loggingWithLevelAndExceptionAction(level, exception, message, args);

    /// <summary>Writes a message template with an exception at a level.</summary>
    public static void Log(LogLevel level, Exception exception, string message, params object[] args)
        => Log(level.ToString(), exception, message, args);

    private static void LogToConsole(string message) => Console.Write(message);
}
