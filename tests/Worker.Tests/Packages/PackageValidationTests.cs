using Faas.Worker.Control;
using Faas.Worker.Tests.Common;
using Grpc.Core;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Packages;

/// <summary>Bad zips and bad handler strings get a clear error, change nothing, and leave the worker serving other functions.</summary>
public sealed class PackageValidationTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Fact]
    public async Task StartEnvironment_ZipSlipEntry_FailsAndWritesNothingOutsideTheTaskRoot()
    {
        var package = Fixture.BuildPackage("HandlerShapes", zip => zip.AddFile("../evil.txt", "escaped").AddFile("../../evil.txt", "escaped"));
        var spec = FunctionSpecBuilder.HandlerShapes(package, "Functions::Echo").Build();

        await AssertStartFailsClearlyAsync(spec, expectedInitErrorType: null, expectedText: "evil.txt");

        Assert.Empty(Directory.EnumerateFiles(Worker.RootDirectory, "evil.txt", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "evil.txt")));
        await Fixture.AssertWorkerServesAsync(TestTimeout);
    }

    [Fact]
    public async Task StartEnvironment_CustomRuntimeWithoutBootstrap_FailsWithInvalidEntrypoint()
    {
        var package = Fixture.BuildPackage("CurlBootstrap", zip => zip.Remove("bootstrap"));
        var spec = FunctionSpecBuilder.Custom(package).Build();

        await AssertStartFailsClearlyAsync(spec, "Runtime.InvalidEntrypoint", "bootstrap");

        await Fixture.AssertWorkerServesAsync(TestTimeout);
    }

    [Fact]
    public async Task StartEnvironment_BootstrapNotExecutable_FailsWithInvalidEntrypoint()
    {
        var package = Fixture.BuildPackage("CurlBootstrap", zip => zip.WithMode("bootstrap", executable: false));
        var spec = FunctionSpecBuilder.Custom(package).Build();

        await AssertStartFailsClearlyAsync(spec, "Runtime.InvalidEntrypoint", "bootstrap");

        await Fixture.AssertWorkerServesAsync(TestTimeout);
    }

    [Fact]
    public async Task StartEnvironment_EntryNamedTwice_TheLaterOneWins()
    {
        const string Later = "handler () {\n  echo \"the later handler: $1\"\n}\n";
        var package = Fixture.BuildPackage("CurlBootstrap", zip => zip.AddFile("function.sh", Later));
        var spec = FunctionSpecBuilder.Custom(package).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var result = await environment.InvokeAsync("hi", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Equal("the later handler: hi", result.BodyText.Trim());
    }

    [Fact]
    public async Task StartEnvironment_EntryBothFileAndFolder_FailsClearly()
    {
        var package = Fixture.BuildPackage("CurlBootstrap", zip => zip.AddFile("lib", "a file").AddFile("lib/inner.sh", "echo inner"));
        var spec = FunctionSpecBuilder.Custom(package).Build();

        await AssertStartFailsClearlyAsync(spec, expectedInitErrorType: null, expectedText: "both a file and a folder");

        await Fixture.AssertWorkerServesAsync(TestTimeout);
    }

    [Fact]
    public async Task StartEnvironment_PackageFileMissing_FailsClearly()
    {
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Echo").Build();
        spec.PackagePath = Path.Combine(Worker.RootDirectory, "packages", "does-not-exist.zip");

        await AssertStartFailsClearlyAsync(spec, expectedInitErrorType: null, expectedText: "does-not-exist.zip");

        await Fixture.AssertWorkerServesAsync(TestTimeout);
    }

    [Fact]
    public async Task StartEnvironment_PackageNotAZip_FailsClearly()
    {
        var path = Path.Combine(Worker.RootDirectory, "packages", $"not-a-zip-{Guid.NewGuid():N}.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "this is not a zip", TestTimeout);
        var spec = FunctionSpecBuilder.HandlerShapes(FunctionPackage.FromZip(path), "Functions::Echo").Build();

        await AssertStartFailsClearlyAsync(spec, expectedInitErrorType: null, expectedText: null);

        await Fixture.AssertWorkerServesAsync(TestTimeout);
    }

    [Theory]
    [InlineData("NoColons")]
    [InlineData("A::B")]
    [InlineData("::X::Y")]
    [InlineData("HandlerShapes::HandlerShapes.Functions::Echo::Extra")]
    public async Task StartEnvironment_MalformedHandlerString_FailsClearly(string handler)
    {
        var spec = FunctionSpecBuilder.DotNet(Fixture.HandlerShapes, handler).Build();

        await AssertStartFailsClearlyAsync(spec, expectedInitErrorType: null, expectedText: null);

        await Fixture.AssertWorkerServesAsync(TestTimeout);
    }

    [Theory]
    [InlineData("MissingAssembly::HandlerShapes.Functions::Echo", "MissingAssembly")]
    [InlineData("HandlerShapes::HandlerShapes.MissingType::Echo", "MissingType")]
    [InlineData("HandlerShapes::HandlerShapes.Functions::MissingMethod", "MissingMethod")]
    public async Task StartEnvironment_HandlerNamesMissingMember_FailsNamingIt(string handler, string missing)
    {
        var spec = FunctionSpecBuilder.DotNet(Fixture.HandlerShapes, handler).Build();

        await AssertStartFailsClearlyAsync(spec, expectedInitErrorType: null, expectedText: missing);

        await Fixture.AssertWorkerServesAsync(TestTimeout);
    }

    /// <summary>
    /// What a user sees when a function cannot start: either the control call is refused (InvalidArgument naming the problem)
    /// or the environment is FAILED with an init error that every invoke returns as an Unhandled function error.
    /// </summary>
    private async Task AssertStartFailsClearlyAsync(FunctionSpec spec, string? expectedInitErrorType, string? expectedText)
    {
        TestEnvironment environment;
        try
        {
            environment = await Worker.StartEnvironmentAsync(spec, TestTimeout);
        }
        catch (RpcException e)
        {
            Output.WriteLine($"StartEnvironment refused: {e.Status}");
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.False(string.IsNullOrWhiteSpace(e.Status.Detail));
            if (expectedText is not null)
            {
                Assert.Contains(expectedText, e.Status.Detail, StringComparison.OrdinalIgnoreCase);
            }

            return;
        }

        await using (environment)
        {
            var result = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

            Assert.Equal(EnvironmentState.Failed, environment.Info.State);
            Assert.False(string.IsNullOrWhiteSpace(environment.Info.InitErrorType));
            Assert.False(string.IsNullOrWhiteSpace(environment.Info.InitErrorMessage));
            if (expectedInitErrorType is not null)
            {
                Assert.Equal(expectedInitErrorType, environment.Info.InitErrorType);
            }

            if (expectedText is not null)
            {
                Assert.Contains(expectedText, environment.Info.InitErrorMessage, StringComparison.OrdinalIgnoreCase);
            }

            var error = InvokeAssert.FunctionError(result);
            Assert.Equal(environment.Info.InitErrorType, error.ErrorType);
        }
    }
}
