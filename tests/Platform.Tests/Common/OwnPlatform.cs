using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Cli.Up;
using Faas.Gateway;
using Faas.Gateway.Kafka;
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

    /// <summary>
    /// One node of a cluster of platforms in this process: its scheduler silo clustered with the others over
    /// <paramref name="redis"/>, the packages in one shared folder, a small worker without stem cells, optionally the
    /// shared broker and another node's worker to place on, and the test's own gateway settings.
    /// </summary>
    public static LocalPlatformOptions ClusterNode(
        string root, string redis, string packages, EmbeddedKafkaBroker? kafka = null, Uri? otherWorker = null, Action<GatewayOptions>? gateway = null) => new()
    {
        Port = 0,
        DataDirectory = root,
        Redis = redis,
        EmbeddedKafka = kafka,
        ConfigureWorker = static worker =>
        {
            worker.Environments.StemCells = 0;
            worker.Environments.MaxEnvironments = 8;
        },
        ConfigureScheduler = scheduler =>
        {
            if (otherWorker is not null)
            {
                scheduler.Workers.Add(otherWorker.ToString());
            }
        },
        ConfigureGateway = options =>
        {
            options.PackageDirectory = packages;
            gateway?.Invoke(options);
        },
    };

    /// <summary>The HandlerShapes fixture function zipped into <paramref name="folder"/>, as its bytes.</summary>
    public static byte[] HandlerShapesZip(string folder)
        => File.ReadAllBytes(new FunctionPackageBuilder().AddFolder(PlatformFixture.FixtureFolder("HandlerShapes")).Build(Path.Combine(folder, $"handler-shapes-{Guid.NewGuid():N}.zip")).Path);

    /// <summary>Creates a <c>dotnet10</c> function with the Lambda API's CreateFunction, which must answer 201.</summary>
    public static async Task CreateFunctionAsync(this HttpClient http, LocalPlatform platform, string name, string handler, byte[] zip)
    {
        var create = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = "dotnet10",
            ["Role"] = "arn:aws:iam::000000000000:role/lambda-role",
            ["Handler"] = handler,
            ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip) },
        };
        using var created = await http.PostAsJsonAsync(new Uri(platform.GatewayUri, "2015-03-31/functions"), create);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    /// <summary>Runs <c>aws lambda &lt;args&gt;</c>, which must succeed, and returns its JSON.</summary>
    public static async Task<JsonElement> OkAsync(this AwsCli aws, params string[] args)
    {
        var result = await aws.LambdaAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.ExitCode == 0 && result.Stdout.Length > 0 ? result.Json : default;
    }
}
