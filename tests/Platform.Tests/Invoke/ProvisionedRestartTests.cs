using Faas.Cli.Up;
using Faas.Platform.Tests.Common;
using Faas.Worker.Control;
using Faas.Worker.Hosting;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>Provisioned environments come back after the platform restarts, without any change to the function.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ProvisionedRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestOutputLoggerProvider _logs = OwnPlatform.Logs(output);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-provisioned-{Guid.NewGuid():N}");

    [Fact]
    public async Task Restart_FunctionWithProvisionedConcurrency_EnvironmentsStartedAgain()
    {
        var name = $"kept-{Guid.NewGuid():N}"[..20];
        var zip = new FunctionPackageBuilder().AddFolder(PlatformFixture.FixtureFolder("HandlerShapes")).Build(Path.Combine(_root, "fn.zip")).Path;
        await using (var platform = await StartAsync())
        {
            var aws = new AwsCli(platform.GatewayUri);
            await aws.OkAsync("create-function", "--function-name", name, "--runtime", "dotnet10", "--role", "arn:aws:iam::000000000000:role/r",
                "--handler", "HandlerShapes::HandlerShapes.Functions::Echo", "--zip-file", $"fileb://{zip}", "--publish");
            await aws.OkAsync("put-provisioned-concurrency-config", "--function-name", name, "--qualifier", "1", "--provisioned-concurrent-executions", "2");
            Assert.True(await ReadyAsync(aws, name), "provisioned concurrency never became READY before the restart");
        }

        await using (var platform = await StartAsync())
        {
            var aws = new AwsCli(platform.GatewayUri);

            var ready = await ReadyAsync(aws, name);
            using var channel = GrpcChannel.ForAddress(platform.WorkerServices.GetRequiredService<WorkerEndpoints>().ControlUri);
            var environments = (await new WorkerControl.WorkerControlClient(channel).ListEnvironmentsAsync(new ListEnvironmentsRequest())).Environments
                .Where(e => e.FunctionName == name).ToList();

            Assert.True(ready, "provisioned concurrency did not become READY again after the restart");
            Assert.Equal(2, environments.Count);
            Assert.All(environments, static e => Assert.Equal("1", e.Version));
        }
    }

    public void Dispose()
    {
        _logs.Detach();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task<bool> ReadyAsync(AwsCli aws, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            var status = await aws.LambdaAsync("get-provisioned-concurrency-config", "--function-name", name, "--qualifier", "1");
            if (status.ExitCode == 0 && status.Json.GetProperty("Status").GetString() == "READY")
            {
                return true;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }

    private Task<LocalPlatform> StartAsync() => OwnPlatform.StartAsync(
        new LocalPlatformOptions
        {
            Port = 0,
            DataDirectory = _root,
            ConfigureWorker = static worker =>
            {
                worker.Environments.StemCells = 0;
                worker.Environments.MaxEnvironments = 4;
            },
        },
        _logs);
}
