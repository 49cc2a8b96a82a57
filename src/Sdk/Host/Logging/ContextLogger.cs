using Amazon.Lambda.Core;

namespace Faas.Host.Logging;

/// <summary>The <see cref="ILambdaLogger"/> of every context and of the static <see cref="LambdaLogger"/>: one record per call.</summary>
internal sealed class ContextLogger(LogSink sink) : ILambdaLogger
{
    /// <inheritdoc />
    public void Log(string message) => sink.Write(LogLevelNames.Information, message);

    /// <inheritdoc />
    public void LogLine(string message) => sink.Write(LogLevelNames.Information, message);

    /// <inheritdoc />
    public void Log(string level, string message) => sink.Write(LogLevelNames.FromName(level), message);

    /// <inheritdoc />
    public void Log(LogLevel level, string message) => sink.Write(LogLevelNames.FromName(level.ToString()), message);
}
