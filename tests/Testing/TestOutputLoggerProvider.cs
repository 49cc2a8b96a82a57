using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Faas.Testing;

/// <summary>Sends worker logs to the output of the test that is running (tests of one collection run one at a time).</summary>
public sealed class TestOutputLoggerProvider : ILoggerProvider
{
    // FAAS_TEST_LOG_LEVEL=Debug shows the worker's per-invocation detail when a test needs explaining.
    private static readonly LogLevel MinimumLevel =
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("FAAS_TEST_LOG_LEVEL"), ignoreCase: true, out var level) ? level : LogLevel.Information;

    private volatile ITestOutputHelper? _output;

    public void Attach(ITestOutputHelper output) => _output = output;

    public void Detach() => _output = null;

    public void WriteLine(string message)
    {
        try
        {
            _output?.WriteLine(message);
        }
        catch (InvalidOperationException)
        {
            // The test finished while a background loop was still logging.
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestOutputLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            provider.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {shortCategory}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}
