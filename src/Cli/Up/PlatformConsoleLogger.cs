using Microsoft.Extensions.Logging;

namespace Faas.Cli.Up;

/// <summary>
/// The platform's log for a person running <c>faas up</c>: one line per message on stderr, <c>faas: warn: ...</c>,
/// with an exception's message but not its stack trace.
/// </summary>
internal sealed class PlatformConsoleLogger(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var name = level switch
        {
            LogLevel.Trace => "trace",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "error",
            _ => "critical",
        };
        // The host reports a failed start with the exception; faas reports it in its own words.
        if (category == "Microsoft.Extensions.Hosting.Internal.Host" && message.StartsWith("Hosting failed to start", StringComparison.Ordinal))
        {
            return;
        }

        var source = category[(category.LastIndexOf('.') + 1)..];
        lock (_gate)
        {
            writer.WriteLine(exception is null ? $"faas: {name}: {source}: {message}" : $"faas: {name}: {source}: {message} ({exception.GetType().Name}: {exception.Message})");
        }
    }

    private sealed class Logger(PlatformConsoleLogger provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
