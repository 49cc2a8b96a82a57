using System.Diagnostics;

namespace Faas.Platform.Tests.Async;

/// <summary>kcat, an outside Kafka client, run against the platform's broker by its bootstrap address.</summary>
public static class Kcat
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Every message value on <paramref name="topic"/> so far, one per line (the records are one-line JSON).</summary>
    public static async Task<List<string>> ReadAllAsync(string bootstrapServers, string topic)
    {
        var (exitCode, stdout, stderr) = await RunAsync(["-C", "-b", bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\n"], stdin: null);

        // A topic nobody wrote to yet does not exist: no messages.
        if (exitCode != 0 && stderr.Contains("Unknown topic", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        Assert.True(exitCode == 0, $"kcat exited {exitCode}: {stderr}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Waits until <paramref name="topic"/> holds at least <paramref name="count"/> messages and returns them.</summary>
    public static async Task<List<string>> WaitForAsync(string bootstrapServers, string topic, int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = await ReadAllAsync(bootstrapServers, topic);
            if (messages.Count >= count)
            {
                return messages;
            }

            Assert.True(DateTime.UtcNow < until, $"Timed out after {timeout} waiting for {count} messages on '{topic}'; found {messages.Count}.");
            await Task.Delay(250);
        }
    }

    /// <summary>Produces one message with the given headers.</summary>
    public static async Task ProduceAsync(string bootstrapServers, string topic, string value, params (string Name, string Value)[] headers)
    {
        List<string> args = ["-P", "-b", bootstrapServers, "-t", topic];
        foreach (var (name, headerValue) in headers)
        {
            args.AddRange(["-H", $"{name}={headerValue}"]);
        }

        var (exitCode, _, stderr) = await RunAsync(args, value + "\n");
        Assert.True(exitCode == 0, $"kcat exited {exitCode}: {stderr}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(List<string> args, string? stdin)
    {
        var start = new ProcessStartInfo("kcat") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start kcat.");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kcat {string.Join(' ', args)} did not finish in {CommandTimeout}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
