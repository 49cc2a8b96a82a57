using System;

namespace Amazon.Lambda.Core;

/// <summary>Writes to the invocation's log stream.</summary>
public interface ILambdaLogger
{
    /// <summary>Writes a message as is.</summary>
    void Log(string message);

    /// <summary>Writes a message followed by a line break.</summary>
    void LogLine(string message);

    /// <summary>Writes a message at a named level.</summary>
    void Log(string level, string message) => LogLine(message);

    /// <summary>Writes a message at a level.</summary>
    void Log(LogLevel level, string message) => Log(level.ToString(), message);

    /// <summary>Writes a Trace message.</summary>
    void LogTrace(string message) => Log(LogLevel.Trace.ToString(), message);

    /// <summary>Writes a Debug message.</summary>
    void LogDebug(string message) => Log(LogLevel.Debug.ToString(), message);

    /// <summary>Writes an Information message.</summary>
    void LogInformation(string message) => Log(LogLevel.Information.ToString(), message);

    /// <summary>Writes a Warning message.</summary>
    void LogWarning(string message) => Log(LogLevel.Warning.ToString(), message);

    /// <summary>Writes an Error message.</summary>
    void LogError(string message) => Log(LogLevel.Error.ToString(), message);

    /// <summary>Writes a Critical message.</summary>
    void LogCritical(string message) => Log(LogLevel.Critical.ToString(), message);

    /// <summary>Writes a message template with arguments at a named level.</summary>
    void Log(string level, string message, params object[] args) => Log(level, MessageFormatter.Format(message, args));

    /// <summary>Writes a message template with arguments at a level.</summary>
    void Log(LogLevel level, string message, params object[] args) => Log(level.ToString(), message, args);

    /// <summary>Writes a Trace message template.</summary>
    void LogTrace(string message, params object[] args) => Log(LogLevel.Trace.ToString(), message, args);

    /// <summary>Writes a Debug message template.</summary>
    void LogDebug(string message, params object[] args) => Log(LogLevel.Debug.ToString(), message, args);

    /// <summary>Writes an Information message template.</summary>
    void LogInformation(string message, params object[] args) => Log(LogLevel.Information.ToString(), message, args);

    /// <summary>Writes a Warning message template.</summary>
    void LogWarning(string message, params object[] args) => Log(LogLevel.Warning.ToString(), message, args);

    /// <summary>Writes an Error message template.</summary>
    void LogError(string message, params object[] args) => Log(LogLevel.Error.ToString(), message, args);

    /// <summary>Writes a Critical message template.</summary>
    void LogCritical(string message, params object[] args) => Log(LogLevel.Critical.ToString(), message, args);

    /// <summary>Writes a message template with an exception at a named level.</summary>
    void Log(string level, Exception exception, string message, params object[] args)
        => Log(level, MessageFormatter.Format(message, args) + Environment.NewLine + exception);

    /// <summary>Writes a message template with an exception at a level.</summary>
    void Log(LogLevel level, Exception exception, string message, params object[] args)
        => Log(level.ToString(), exception, message, args);

    /// <summary>Writes a Trace message with an exception.</summary>
    void LogTrace(Exception exception, string message, params object[] args) => Log(LogLevel.Trace.ToString(), exception, message, args);

    /// <summary>Writes a Debug message with an exception.</summary>
    void LogDebug(Exception exception, string message, params object[] args) => Log(LogLevel.Debug.ToString(), exception, message, args);

    /// <summary>Writes an Information message with an exception.</summary>
    void LogInformation(Exception exception, string message, params object[] args) => Log(LogLevel.Information.ToString(), exception, message, args);

    /// <summary>Writes a Warning message with an exception.</summary>
    void LogWarning(Exception exception, string message, params object[] args) => Log(LogLevel.Warning.ToString(), exception, message, args);

    /// <summary>Writes an Error message with an exception.</summary>
    void LogError(Exception exception, string message, params object[] args) => Log(LogLevel.Error.ToString(), exception, message, args);

    /// <summary>Writes a Critical message with an exception.</summary>
    void LogCritical(Exception exception, string message, params object[] args) => Log(LogLevel.Critical.ToString(), exception, message, args);
}
