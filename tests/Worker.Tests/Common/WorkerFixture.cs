using Faas.Worker.Control;

namespace Faas.Worker.Tests.Common;

/// <summary>One worker shared by every test of the <see cref="WorkerCollection"/>, plus the fixture functions zipped once.</summary>
public sealed class WorkerFixture : IAsyncLifetime
{
    private readonly Dictionary<string, FunctionPackage> _packages = [];
    private WorkerHost? _worker;

    public WorkerHost Worker => _worker ?? throw new InvalidOperationException("The worker has not started.");

    /// <summary>The HandlerShapes fixture as `dotnet lambda package` would zip it.</summary>
    public FunctionPackage HandlerShapes => Package("HandlerShapes");

    /// <summary>The InitFailure fixture as `dotnet lambda package` would zip it.</summary>
    public FunctionPackage InitFailure => Package("InitFailure");

    /// <summary>The ForeignCoreFunction fixture: compiled against, and shipping, another build of Amazon.Lambda.Core.</summary>
    public FunctionPackage ForeignCoreFunction => Package("ForeignCoreFunction");

    /// <summary>The curl custom runtime with its bootstrap at 0755.</summary>
    public FunctionPackage CurlBootstrap => Package("CurlBootstrap");

    /// <summary>The folder the build copied a fixture to.</summary>
    public static string FixtureFolder(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    public async Task InitializeAsync() => _worker = await WorkerHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    /// <summary>Builds a zip from a fixture folder with changes, under this worker's packages folder.</summary>
    public FunctionPackage BuildPackage(string name, Action<FunctionPackageBuilder>? change = null)
    {
        var builder = new FunctionPackageBuilder();
        if (name.Length > 0)
        {
            builder.AddFolder(FixtureFolder(name));
        }

        change?.Invoke(builder);
        return builder.Build(Path.Combine(Worker.RootDirectory, "packages", $"{name}-{Guid.NewGuid():N}.zip"));
    }

    /// <summary>Starts an echo environment and invokes it: proves the worker still serves functions after a bad one.</summary>
    public async Task AssertWorkerServesAsync(CancellationToken cancellationToken = default)
    {
        var spec = FunctionSpecBuilder.HandlerShapes(HandlerShapes, "Functions::Echo").WithName(FunctionSpecBuilder.UniqueName("healthy")).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, cancellationToken);

        var result = await environment.InvokeAsync("""{"Message":"still serving"}""", cancellationToken: cancellationToken);

        Assert.Null(result.FunctionError);
        Assert.Contains("still serving", result.BodyText, StringComparison.Ordinal);
    }

    private FunctionPackage Package(string name)
    {
        lock (_packages)
        {
            if (!_packages.TryGetValue(name, out var package))
            {
                package = BuildPackage(name);
                _packages[name] = package;
            }

            return package;
        }
    }
}

/// <summary>The worker tests share one worker and run one at a time (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class WorkerCollection : ICollectionFixture<WorkerFixture>
{
    public const string Name = "Worker";
}
