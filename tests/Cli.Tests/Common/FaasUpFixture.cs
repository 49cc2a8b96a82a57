namespace Faas.Cli.Tests.Common;

/// <summary>One <c>faas up --port 0 --data-dir &lt;temp&gt;</c> process shared by the end-to-end tests.</summary>
public sealed class FaasUpFixture : IAsyncLifetime
{
    private FaasUpProcess? _up;

    /// <summary>The platform's state folder.</summary>
    public string DataDirectory { get; } = TestPaths.NewTempFolder("faas-cli-up");

    /// <summary>A plain HTTP client, as curl would be (no credentials: the gateway is on loopback).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>The gateway's address.</summary>
    public Uri Endpoint => Up.Endpoint;

    internal FaasUpProcess Up => _up ?? throw new InvalidOperationException("faas up has not started.");

    /// <summary>Runs <c>faas &lt;args&gt; --endpoint &lt;this platform&gt;</c>.</summary>
    internal Task<CliResult> FaasAsync(params string[] args) => CliRunner.RunAsync([.. args, "--endpoint", Endpoint.ToString()]);

    /// <summary>Runs a command in a folder.</summary>
    internal Task<CliResult> FaasInAsync(string folder, params string[] args) => CliRunner.RunAsync([.. args, "--endpoint", Endpoint.ToString()], folder);

    public async Task InitializeAsync() => _up = await FaasUpProcess.StartAsync("--port", "0", "--data-dir", DataDirectory);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_up is not null)
        {
            await _up.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Environments may still be releasing files; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>Tests sharing one <c>faas up</c> run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FaasUpCollection : ICollectionFixture<FaasUpFixture>
{
    public const string Name = "FaasUp";
}
