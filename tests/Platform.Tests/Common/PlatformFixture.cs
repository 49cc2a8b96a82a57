using Faas.Cli.Up;
using Microsoft.Extensions.Logging;

namespace Faas.Platform.Tests.Common;

/// <summary>
/// A single-node platform (worker, scheduler silo, gateway) started in process on free loopback ports, exactly as
/// <c>faas up</c> composes it, with an HTTP client and the AWS CLI pointed at its gateway.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    /// <summary>The bound on any single step of a test, so a broken platform fails a test instead of hanging the suite.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, byte[]> _zips = [];
    private LocalPlatform? _platform;

    /// <summary>A fresh folder for this platform's state.</summary>
    public string RootDirectory { get; } = Path.Combine(Path.GetTempPath(), $"faas-platform-tests-{Guid.NewGuid():N}");

    public TestOutputLoggerProvider Output { get; } = new();

    public LocalPlatform Platform => _platform ?? throw new InvalidOperationException("The platform has not started.");

    /// <summary>The gateway's base address.</summary>
    public Uri GatewayUri => Platform.GatewayUri;

    /// <summary>A plain HTTP client (no credentials; the gateway is on loopback).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(90) };

    /// <summary>The real AWS CLI pointed at the gateway.</summary>
    public AwsCli Aws => new(GatewayUri);

    /// <summary>Settings a test class may change before the platform starts (a derived fixture sets them in its constructor).</summary>
    public LocalPlatformOptions Options { get; } = new()
    {
        Port = 0,
        ConfigureWorker = worker =>
        {
            worker.Environments.StemCells = 1;
            worker.Environments.MaxEnvironments = 16;
        },
    };

    /// <summary>The folder the build copied a fixture function to.</summary>
    public static string FixtureFolder(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    public async Task InitializeAsync()
    {
        Options.DataDirectory = RootDirectory;
        using var cts = new CancellationTokenSource(StepTimeout);
        _platform = await LocalPlatform.StartAsync(Options, ConfigureLogging, cts.Token);
    }

    /// <summary>
    /// Stops the platform (invocations in flight are abandoned) and starts it again with the same settings and folder,
    /// as after a crash and restart; the gateway may come back on another port.
    /// </summary>
    public async Task RestartAsync()
    {
        await Platform.DisposeAsync();
        _platform = null;
        using var cts = new CancellationTokenSource(StepTimeout);
        _platform = await LocalPlatform.StartAsync(Options, ConfigureLogging, cts.Token);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Environments may still be releasing files; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
            // Sandboxed environments own some files; likewise left to the OS.
        }
    }

    /// <summary>A fixture function zipped as `dotnet lambda package` would (HandlerShapes, InitFailure, CurlBootstrap, ...).</summary>
    public byte[] Zip(string fixture, Action<FunctionPackageBuilder>? change = null)
    {
        lock (_zips)
        {
            if (change is null && _zips.TryGetValue(fixture, out var cached))
            {
                return cached;
            }

            var builder = new FunctionPackageBuilder().AddFolder(FixtureFolder(fixture));
            change?.Invoke(builder);
            var path = Path.Combine(RootDirectory, "zips", $"{fixture}-{Guid.NewGuid():N}.zip");
            var bytes = File.ReadAllBytes(builder.Build(path).Path);
            if (change is null)
            {
                _zips[fixture] = bytes;
            }

            return bytes;
        }
    }

    private void ConfigureLogging(ILoggingBuilder logging) => OwnPlatform.ConfigureLogging(logging, Output);
}

/// <summary>Tests sharing one platform run one at a time, so each sees its own logs.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "Platform";
}
