using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Cli.Up;
using Faas.Gateway.ControlApi;
using Faas.Platform.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

/// <summary>
/// The gateway's package sweep deletes exactly the stored zips no function version references once the grace period
/// has passed, and every function and published version still runs afterwards. Each test has a platform of its own,
/// so the package folder holds only its zips.
/// </summary>
public sealed class PackageSweepTests(ITestOutputHelper output) : IDisposable
{
    private const string Handler = "HandlerShapes::HandlerShapes.Functions::Echo";
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private readonly TestOutputLoggerProvider _logs = OwnPlatform.Logs(output);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-package-sweep-{Guid.NewGuid():N}");

    [Fact]
    public async Task SweepAsync_AfterUpdatesAndADeletedFunction_DeletesOnlyUnreferencedZipsAndEveryVersionStillRuns()
    {
        // The periodic sweep is off: the test sweeps itself, as of times an hour or two ahead.
        await using var platform = await OwnPlatform.StartAsync(Options(gateway => gateway.PackageSweepInterval = TimeSpan.Zero), _logs);
        using var http = new HttpClient { BaseAddress = platform.GatewayUri, Timeout = TimeSpan.FromSeconds(90) };
        var packages = Path.Combine(_root, "packages");
        var (first, second, third, deleted, uploadedLater, reuploaded) = (Zip("first"), Zip("second"), Zip("third"), Zip("deleted"), Zip("later"), Zip("reuploaded"));
        var kept = $"kept-{Guid.NewGuid():N}"[..20];
        var gone = $"gone-{Guid.NewGuid():N}"[..20];

        // kept: version 1 runs the first zip, $LATEST and version 2 the third; the second zip was $LATEST in between.
        await CreateAsync(http, kept, first, publish: true);
        await UpdateCodeAsync(http, kept, second, publish: false);
        await UpdateCodeAsync(http, kept, third, publish: true);
        await CreateAsync(http, gone, deleted, publish: false);
        using (var removed = await http.DeleteAsync($"2015-03-31/functions/{gone}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var store = platform.Services.GetRequiredService<PackageStore>();
        await store.StoreAsync(reuploaded, CancellationToken.None);
        var crashedUpload = Path.Combine(packages, $"{Hex(deleted)}.zip.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(crashedUpload, deleted);
        var sweeper = platform.Services.GetRequiredService<PackageSweeper>();
        var start = DateTimeOffset.UtcNow;

        // Within the grace period nothing goes; the sweep notes what it found unreferenced.
        var early = await sweeper.SweepAsync(start + TimeSpan.FromMinutes(50), CancellationToken.None);

        // Between the sweeps: a zip is uploaded (its function not recorded yet), and the same bytes as an unreferenced
        // zip are uploaded again, which makes that zip as young as the upload.
        await store.StoreAsync(uploadedLater, CancellationToken.None);
        File.SetLastWriteTimeUtc(PathOf(packages, reuploaded), (start + TimeSpan.FromMinutes(90)).UtcDateTime);

        var due = await sweeper.SweepAsync(start + TimeSpan.FromHours(2), CancellationToken.None);

        Assert.True(early.Completed);
        Assert.Equal(0, early.DeletedZips + early.DeletedLeftovers);
        Assert.True(due.Completed);
        Assert.Equal(2, due.DeletedZips);
        Assert.Equal(1, due.DeletedLeftovers);
        Assert.Equal(second.LongLength + deleted.LongLength + deleted.LongLength, due.BytesFreed);
        Assert.Equal(
            new[] { first, third, uploadedLater, reuploaded }.Select(zip => $"{Hex(zip)}.zip").Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(packages).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("latest", await InvokeAsync(http, kept, qualifier: null, "latest"));
        Assert.Equal("version 1", await InvokeAsync(http, kept, qualifier: "1", "version 1"));
        Assert.Equal("version 2", await InvokeAsync(http, kept, qualifier: "2", "version 2"));
    }

    [Fact]
    public async Task PeriodicSweep_ShortIntervalAndGracePeriod_DeletesTheReplacedZipAndTheFunctionStillRuns()
    {
        await using var platform = await OwnPlatform.StartAsync(Options(gateway =>
        {
            gateway.PackageSweepInterval = TimeSpan.FromMilliseconds(200);
            gateway.PackageGracePeriod = TimeSpan.FromSeconds(1);
        }), _logs);
        using var http = new HttpClient { BaseAddress = platform.GatewayUri, Timeout = TimeSpan.FromSeconds(90) };
        var packages = Path.Combine(_root, "packages");
        var (replaced, current) = (Zip("replaced"), Zip("current"));
        var name = $"swept-{Guid.NewGuid():N}"[..20];
        await CreateAsync(http, name, replaced, publish: false);
        await UpdateCodeAsync(http, name, current, publish: false);

        // Two sweeps at least a second apart must see the zip unreferenced; the step timeout bounds the wait.
        using var timeout = new CancellationTokenSource(PlatformFixture.StepTimeout);
        while (File.Exists(PathOf(packages, replaced)))
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.True(File.Exists(PathOf(packages, current)));
        Assert.Equal("after the sweep", await InvokeAsync(http, name, qualifier: null, "after the sweep"));
    }

    public void Dispose()
    {
        _logs.Detach();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Unpacked packages are read-only; the OS cleans the temp folder.
        }
    }

    private LocalPlatformOptions Options(Action<Faas.Gateway.GatewayOptions> gateway) => new()
    {
        Port = 0,
        DataDirectory = _root,
        ConfigureWorker = static worker =>
        {
            worker.Environments.StemCells = 0;
            worker.Environments.MaxEnvironments = 8;
        },
        ConfigureGateway = gateway,
    };

    /// <summary>HandlerShapes with one extra file, so each zip has a content (and store entry) of its own.</summary>
    private byte[] Zip(string label)
        => File.ReadAllBytes(new FunctionPackageBuilder()
            .AddFolder(PlatformFixture.FixtureFolder("HandlerShapes"))
            .AddFile($"{label}.txt", label)
            .Build(Path.Combine(_root, "zips", $"{label}-{Guid.NewGuid():N}.zip")).Path);

    private static string Hex(byte[] zip) => Convert.ToHexStringLower(SHA256.HashData(zip));

    private static string PathOf(string packages, byte[] zip) => Path.Combine(packages, $"{Hex(zip)}.zip");

    private static async Task CreateAsync(HttpClient http, string name, byte[] zip, bool publish)
    {
        var create = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = "dotnet10",
            ["Role"] = "arn:aws:iam::000000000000:role/lambda-role",
            ["Handler"] = Handler,
            ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip) },
            ["Publish"] = publish,
        };
        using var created = await http.PostAsJsonAsync("2015-03-31/functions", create);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    private static async Task UpdateCodeAsync(HttpClient http, string name, byte[] zip, bool publish)
    {
        var update = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip), ["Publish"] = publish };
        using var updated = await http.PutAsJsonAsync($"2015-03-31/functions/{name}/code", update);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
    }

    /// <summary>Invokes the Echo handler and returns the message it echoed.</summary>
    private static async Task<string?> InvokeAsync(HttpClient http, string name, string? qualifier, string message)
    {
        var query = qualifier is null ? "" : $"?Qualifier={qualifier}";
        using var response = await http.PostAsJsonAsync($"2015-03-31/functions/{name}/invocations{query}", new { Message = message });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && !response.Headers.Contains("X-Amz-Function-Error"), body);
        return JsonDocument.Parse(body).RootElement.GetProperty("Message").GetString();
    }
}
