using System.Text.Json;
using Faas.Cli.Up;
using Faas.Platform.Tests.Common;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

/// <summary>
/// The registry survives a platform restart: functions, versions, aliases, reserved concurrency, URL configs and tags are
/// all there for the AWS CLI on a new platform over the same local store, or over the same Redis.
/// </summary>
public sealed class RegistryDurabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestOutputLoggerProvider _logs = OwnPlatform.Logs(output);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-durability-{Guid.NewGuid():N}");

    [Fact]
    public async Task Restart_LocalFileStore_KeepsTheRegistry()
    {
        var options = Options(_root, redis: "");

        await AssertSurvivesRestartAsync(options, options, betweenRuns: () => Task.CompletedTask);
    }

    [Fact]
    public async Task Restart_Redis_KeepsTheRegistry()
    {
        await using var redis = await RedisServer.StartAsync();
        var packages = Path.Combine(_root, "shared-packages");

        // The second platform has a data folder of its own: what it finds can only come from Redis (and the shared package store).
        var first = Options(Path.Combine(_root, "first"), redis.ConnectionString, packages);
        var second = Options(Path.Combine(_root, "second"), redis.ConnectionString, packages);

        await AssertSurvivesRestartAsync(first, second, betweenRuns: () => redis.RestartAsync());
        Assert.False(Directory.Exists(Path.Combine(_root, "first", "scheduler", "grains")));
    }

    [Fact]
    public async Task Invoke_RegistryRedisDownForAnUncachedFunction_ServiceExceptionThenAnswersOnceRedisIsBack()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var platform = await StartAsync(Options(Path.Combine(_root, "down"), redis.ConnectionString));
        var aws = new AwsCli(platform.GatewayUri);
        var name = $"down-{Guid.NewGuid():N}"[..24];
        var zip = new FunctionPackageBuilder().AddFolder(PlatformFixture.FixtureFolder("HandlerShapes")).Build(Path.Combine(_root, "down.zip")).Path;
        await aws.OkAsync("create-function", "--function-name", name, "--runtime", "dotnet10", "--handler", "HandlerShapes::HandlerShapes.Functions::Echo",
            "--role", "arn:aws:iam::000000000000:role/lambda-role", "--zip-file", $"fileb://{zip}");
        using var http = new HttpClient { BaseAddress = platform.GatewayUri, Timeout = TimeSpan.FromSeconds(90) };

        // A function this gateway never resolved needs the registry's storage, which is gone: whether it exists
        // cannot be known, so the answer is ServiceException, not ResourceNotFoundException.
        var other = $"other-{Guid.NewGuid():N}"[..24];
        redis.Kill();
        using var down = await http.PostAsync($"2015-03-31/functions/{other}/invocations", new StringContent("{}"));
        var downBody = await down.Content.ReadAsStringAsync();
        await redis.RestartAsync();
        using var unknown = await http.PostAsync($"2015-03-31/functions/{other}/invocations", new StringContent("{}"));
        using var back = await http.PostAsync($"2015-03-31/functions/{name}/invocations", new StringContent("""{"Message":"back"}"""));

        Assert.Equal(500, (int)down.StatusCode);
        Assert.Equal("ServiceException", Assert.Single(down.Headers.GetValues("x-amzn-ErrorType")));
        Assert.Contains("did not run", JsonDocument.Parse(downBody).RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Equal(200, (int)back.StatusCode);
        Assert.Equal("back", JsonDocument.Parse(await back.Content.ReadAsStringAsync()).RootElement.GetProperty("Message").GetString());
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
    }

    private async Task AssertSurvivesRestartAsync(LocalPlatformOptions first, LocalPlatformOptions second, Func<Task> betweenRuns)
    {
        var name = $"durable-{Guid.NewGuid():N}"[..24];
        var zip = new FunctionPackageBuilder().AddFolder(PlatformFixture.FixtureFolder("HandlerShapes"));
        var zipPath = zip.Build(Path.Combine(_root, "v1.zip")).Path;
        var changedPath = zip.AddFile("changed.txt", "changed").Build(Path.Combine(_root, "v2.zip")).Path;
        string before;
        string urlId;

        await using (var platform = await StartAsync(first))
        {
            var aws = new AwsCli(platform.GatewayUri);
            await aws.OkAsync("create-function", "--function-name", name, "--runtime", "dotnet10", "--role", "arn:aws:iam::000000000000:role/r",
                "--handler", "HandlerShapes::HandlerShapes.Functions::Echo", "--zip-file", $"fileb://{zipPath}", "--publish", "--tags", "team=core",
                "--environment", "Variables={GREETING=hello}");
            await aws.OkAsync("update-function-code", "--function-name", name, "--zip-file", $"fileb://{changedPath}", "--publish");
            await aws.OkAsync("update-function-configuration", "--function-name", name, "--memory-size", "384");
            await aws.OkAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1",
                "--routing-config", "{\"AdditionalVersionWeights\":{\"2\":0.5}}");
            await aws.OkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "7");
            await aws.OkAsync("put-provisioned-concurrency-config", "--function-name", name, "--qualifier", "1", "--provisioned-concurrent-executions", "1");
            var url = await aws.OkAsync("create-function-url-config", "--function-name", name, "--qualifier", "live", "--auth-type", "NONE");
            urlId = url.GetProperty("FunctionUrl").GetString()!.TrimEnd('/').Split('/')[^1];
            before = await DescribeAsync(aws, platform.GatewayUri, name);
        }

        await betweenRuns();

        await using (var platform = await StartAsync(second))
        {
            var aws = new AwsCli(platform.GatewayUri);
            var after = await DescribeAsync(aws, platform.GatewayUri, name);
            var grains = platform.Services.GetRequiredService<IGrainFactory>();
            var resolved = await grains.GetGrain<IFunctionGrain>(name).ResolveAsync("live");
            var plan = await grains.GetGrain<IFunctionGrain>(name).GetPoolPlanAsync();
            var target = await grains.GetGrain<IFunctionUrlGrain>(urlId).GetAsync();
            var function = await aws.OkAsync("get-function", "--function-name", name);
            var listed = await aws.OkAsync("list-functions");

            Assert.Equal(before, after);
            Assert.Equal(384, function.GetProperty("Configuration").GetProperty("MemorySize").GetInt32());
            Assert.Equal("hello", function.GetProperty("Configuration").GetProperty("Environment").GetProperty("Variables").GetProperty("GREETING").GetString());
            Assert.Equal(File.ReadAllBytes(changedPath), await new HttpClient().GetByteArrayAsync(function.GetProperty("Code").GetProperty("Location").GetString()));
            Assert.Contains(listed.GetProperty("Functions").EnumerateArray(), f => f.GetProperty("FunctionName").GetString() == name);
            Assert.NotNull(resolved);
            Assert.Equal("1", resolved.Primary.Version);
            Assert.Equal("2", resolved.Additional?.Version);
            Assert.Equal(0.5, resolved.AdditionalWeight);
            Assert.Equal(7, resolved.ReservedConcurrency);
            Assert.True(File.Exists(resolved.Primary.PackagePath));
            Assert.Equal(1, Assert.Single(plan.Provisioned).Count);
            Assert.Equal(name, target?.FunctionName);
            Assert.Equal("live", target?.Qualifier);

            // The registry still takes changes after the restart.
            var third = await aws.OkAsync("publish-version", "--function-name", name);
            Assert.Equal("3", third.GetProperty("Version").GetString());
        }
    }

    /// <summary>Everything the CLI reports about the function, with the gateway's address taken out (the port changes).</summary>
    private static async Task<string> DescribeAsync(AwsCli aws, Uri gateway, string name)
    {
        var parts = new List<string>();
        foreach (var args in new[]
        {
            new[] { "get-function-configuration", "--function-name", name },
            ["list-versions-by-function", "--function-name", name],
            ["list-aliases", "--function-name", name],
            ["get-function-concurrency", "--function-name", name],
            ["list-provisioned-concurrency-configs", "--function-name", name],
            ["list-tags", "--resource", $"arn:aws:lambda:us-east-1:000000000000:function:{name}"],
            ["get-function-url-config", "--function-name", name, "--qualifier", "live"],
        })
        {
            var json = await aws.OkAsync(args);
            parts.Add(JsonSerializer.Serialize(json).Replace(gateway.ToString(), "{gateway}/", StringComparison.Ordinal));
        }

        return string.Join("\n", parts);
    }

    private Task<LocalPlatform> StartAsync(LocalPlatformOptions options) => OwnPlatform.StartAsync(options, _logs);

    private static LocalPlatformOptions Options(string root, string redis, string? packages = null) => new()
    {
        Port = 0,
        DataDirectory = root,
        Redis = redis,
        ConfigureWorker = worker =>
        {
            worker.Environments.StemCells = 0;
            worker.Environments.MaxEnvironments = 4;
        },
        ConfigureGateway = gateway =>
        {
            if (packages is not null)
            {
                gateway.PackageDirectory = packages;
            }
        },
    };
}
