using System.Diagnostics;
using System.Text.Json;

namespace Faas.Testing;

/// <summary>The real AWS CLI pointed at a Faas endpoint with dummy credentials: our witness of API compatibility.</summary>
public sealed class AwsCli(Uri endpoint, string accessKeyId = "test", string secretAccessKey = "test", string region = "us-east-1")
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs <c>aws lambda &lt;args&gt;</c> with JSON output; never throws for a non-zero exit.</summary>
    public Task<AwsCliResult> LambdaAsync(params string[] args) => RunAsync(["lambda", .. args]);

    /// <summary>Runs <c>aws &lt;args&gt;</c> against the endpoint with JSON output.</summary>
    public async Task<AwsCliResult> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(endpoint.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = region;
        start.Environment["AWS_REGION"] = region;
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_RETRY_MODE"] = "standard";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        // No profile or config of the machine's user leaks into a test.
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the AWS CLI.");
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
            throw new TimeoutException($"aws {string.Join(' ', start.ArgumentList)} did not finish in {CommandTimeout}.");
        }

        return new AwsCliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What one AWS CLI command printed.</summary>
public sealed record AwsCliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The JSON the CLI printed on success.</summary>
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
