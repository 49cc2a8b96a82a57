using System.Text.Json;
using Faas.Cli.Up;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Common;

/// <summary>For tests that start (and stop, restart or double) platforms of their own instead of sharing the fixture's.</summary>
internal static class OwnPlatform
{
    /// <summary>Starts a platform whose logs go to the test's output, within the step timeout.</summary>
    public static async Task<LocalPlatform> StartAsync(LocalPlatformOptions options, TestOutputLoggerProvider logs)
    {
        using var timeout = new CancellationTokenSource(PlatformFixture.StepTimeout);
        return await LocalPlatform.StartAsync(options, logging => ConfigureLogging(logging, logs), timeout.Token);
    }

    /// <summary>Platform logs into the test output; framework chatter only from Warning unless FAAS_TEST_LOG_LEVEL is set.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, TestOutputLoggerProvider logs)
    {
        logging.ClearProviders();
        logging.AddProvider(logs);
        if (Environment.GetEnvironmentVariable("FAAS_TEST_LOG_LEVEL") is null)
        {
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            logging.AddFilter("Orleans", LogLevel.Warning);
        }
    }

    /// <summary>A log provider attached to the running test's output.</summary>
    public static TestOutputLoggerProvider Logs(ITestOutputHelper output)
    {
        var logs = new TestOutputLoggerProvider();
        logs.Attach(output);
        return logs;
    }

    /// <summary>Runs <c>aws lambda &lt;args&gt;</c>, which must succeed, and returns its JSON.</summary>
    public static async Task<JsonElement> OkAsync(this AwsCli aws, params string[] args)
    {
        var result = await aws.LambdaAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.ExitCode == 0 && result.Stdout.Length > 0 ? result.Json : default;
    }
}
