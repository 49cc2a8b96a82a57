using System.CommandLine;
using System.Net.Sockets;
using Faas.Cli.Api;
using Faas.Cli.CommandLine;
using Faas.Cli.Deploy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Cli.Up;

/// <summary>
/// <c>faas up</c>: runs a single-node platform (worker, scheduler, gateway) in this process until Ctrl+C or SIGTERM,
/// deploys the example function <c>hello</c> through the gateway's own control API, and prints how to call it.
/// </summary>
internal static class UpCommand
{
    /// <summary>The first line printed once the platform answers (tests and scripts wait for it).</summary>
    public const string ReadyPrefix = "Faas is up at ";

    public static Command Create(Option<string> endpoint, Option<OutputFormat> output)
    {
        var port = new Option<int>("--port") { Description = "Port of the gateway (0 picks a free one)", DefaultValueFactory = _ => 9000 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder for functions, packages and logs (default ~/.local/share/faas)", HelpName = "dir" };
        var bind = new Option<string>("--bind") { Description = "Address the gateway listens on", DefaultValueFactory = _ => "127.0.0.1", HelpName = "address" };
        var redis = new Option<string?>("--redis") { Description = "Keep the function registry and idempotency records in this Redis (host:port) instead of local files and memory", HelpName = "host:port" };
        var kafka = new Option<string?>("--kafka") { Description = "Kafka brokers for asynchronous invocation (host:port,...) instead of the embedded in-memory broker", HelpName = "host:port,..." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the platform's informational log too" };
        var command = new Command("up", "Run a single-node Faas platform on this machine (until Ctrl+C)")
        {
            port, dataDir, bind, redis, kafka, verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var cli = new CliContext(parse, endpoint, output);
            var options = new LocalPlatformOptions
            {
                Port = parse.GetValue(port),
                BindAddress = parse.GetValue(bind)!,
                Redis = parse.GetValue(redis) ?? "",
                Kafka = parse.GetValue(kafka) ?? "",
            };
            if (parse.GetValue(dataDir) is { } folder)
            {
                options.DataDirectory = folder;
            }

            return await RunAsync(cli, options, parse.GetValue(verbose), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, LocalPlatformOptions options, bool verbose, CancellationToken cancellationToken)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new CliException($"--port must be 0-65535; got {options.Port}", ExitCodes.Usage);
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        CheckDataDirectory(options.DataDirectory);

        var platform = await StartAsync(options, cli.Error, verbose, cancellationToken);
        await using (platform)
        {
            var endpoint = platform.GatewayUri;
            var deployed = await DeployExampleAsync(cli, endpoint, cancellationToken);
            PrintReady(cli, endpoint, options.DataDirectory, deployed, platform.KafkaBootstrapServers, platform.KafkaIsEmbedded, platform.AsyncTopic);

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop cleanly below.
            }

            (cli.Format == OutputFormat.Json ? cli.Error : cli.Out).WriteLine("Stopping Faas...");
        }

        return ExitCodes.Success;
    }

    // A folder that cannot be made or written fails here, in one line, before anything starts.
    private static void CheckDataDirectory(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CliException($"cannot use data folder {folder}: {e.Message}");
        }
    }

    private static async Task<LocalPlatform> StartAsync(LocalPlatformOptions options, TextWriter error, bool verbose, CancellationToken cancellationToken)
    {
        void Logging(ILoggingBuilder logging)
        {
            // Rules for this provider, so they win over any "Logging" section an appsettings.json in the folder has.
            logging.ClearProviders();
            logging.AddProvider(new PlatformConsoleLogger(error));
            logging.AddFilter<PlatformConsoleLogger>(null, verbose ? LogLevel.Information : LogLevel.Warning);

            // A failed start is reported once, by faas itself; Orleans' own start-up chatter is not for this console.
            logging.AddFilter<PlatformConsoleLogger>("Microsoft.AspNetCore.Server.Kestrel", LogLevel.None);
            logging.AddFilter<PlatformConsoleLogger>("Orleans", verbose ? LogLevel.Warning : LogLevel.Error);
            logging.AddFilter<PlatformConsoleLogger>("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        }

        try
        {
            return await LocalPlatform.StartAsync(options, Logging, cancellationToken);
        }
        catch (OptionsValidationException e)
        {
            throw new CliException($"invalid configuration: {string.Join(" ", e.Failures)}", ExitCodes.Usage);
        }
        catch (IOException e) when (IsAddressInUse(e))
        {
            throw new CliException($"port {options.Port} on {options.BindAddress} is already in use (another 'faas up'?); choose another with --port");
        }
        catch (IOException e)
        {
            throw new CliException($"cannot start: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException($"cannot use data folder {options.DataDirectory}: {e.Message}");
        }
        catch (SocketException e)
        {
            throw new CliException($"cannot listen on {options.BindAddress}:{options.Port}: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else the hosts refuse to start with (e.g. an unreachable Redis) is still one line.
            throw new CliException($"cannot start: {e.Message}");
        }
    }

    private static bool IsAddressInUse(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || current.GetType().Name == "AddressInUseException"
                || current.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Deploys the example through the gateway's public control API, as any client would; a failure is a warning.
    private static async Task<bool> DeployExampleAsync(CliContext cli, Uri endpoint, CancellationToken cancellationToken)
    {
        var folder = ExampleFunction.Folder;
        if (!File.Exists(Path.Combine(folder, "Hello.dll")))
        {
            cli.Warn($"the example function is missing from {folder}; nothing was deployed");
            return false;
        }

        try
        {
            using var client = LambdaClient.Create(endpoint, TimeSpan.FromMinutes(2));
            var zip = FunctionZip.Create(folder, ExampleFunction.Settings.Runtime);
            await FunctionDeployer.DeployAsync(client, ExampleFunction.Settings, zip, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is LambdaApiException or CliException or HttpRequestException)
        {
            cli.Warn($"could not deploy the example function '{ExampleFunction.Name}': {e.Message}");
            return false;
        }
    }

    private static void PrintReady(CliContext cli, Uri gateway, string dataDirectory, bool deployed, string kafka, bool kafkaEmbedded, string asyncTopic)
    {
        var endpoint = gateway.ToString().TrimEnd('/');
        if (cli.Format == OutputFormat.Json)
        {
            cli.WriteJson(json =>
            {
                json.WriteStartObject();
                json.WriteString("endpoint", endpoint);
                json.WriteString("dataDirectory", dataDirectory);
                json.WriteString("kafka", kafka);
                json.WriteBoolean("kafkaEmbedded", kafkaEmbedded);
                json.WriteStartArray("functions");
                if (deployed)
                {
                    json.WriteStringValue(ExampleFunction.Name);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            cli.Out.Flush();
            return;
        }

        var endpointOption = endpoint == GlobalOptions.DefaultEndpoint ? "" : $" --endpoint {endpoint}";
        var payload = ExampleFunction.SamplePayload;
        var w = cli.Out;
        w.WriteLine($"{ReadyPrefix}{endpoint} (data in {dataDirectory})");
        w.WriteLine();
        if (deployed)
        {
            w.WriteLine($"The example function '{ExampleFunction.Name}' is deployed (examples/hello). Call it with:");
            w.WriteLine();
            w.WriteLine("  curl (Lambda's Invoke API):");
            w.WriteLine($"    curl -s -X POST {endpoint}/2015-03-31/functions/{ExampleFunction.Name}/invocations -d '{payload}'");
            w.WriteLine();
            w.WriteLine("  faas:");
            w.WriteLine($"    faas invoke {ExampleFunction.Name} --payload '{payload}'{endpointOption}");
            w.WriteLine();
            w.WriteLine("  the AWS CLI (any credentials work on loopback, it only needs some; AWS CLI v1: leave out --cli-binary-format):");
            w.WriteLine($"    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \\");
            w.WriteLine($"    aws lambda invoke --endpoint-url {endpoint} --function-name {ExampleFunction.Name} \\");
            w.WriteLine($"      --cli-binary-format raw-in-base64-out --payload '{payload}' out.json");
            w.WriteLine();
        }

        w.WriteLine(kafkaEmbedded
            ? $"Kafka (embedded broker, in memory, gone when faas stops): {kafka}"
            : $"Kafka: {kafka}");
        if (deployed)
        {
            w.WriteLine("  asynchronous invocations (InvocationType Event) are queued there; any Kafka client can queue one too:");
            w.WriteLine($"    echo '{payload}' | kcat -P -b {kafka} -t {asyncTopic} -H faas-function={ExampleFunction.Name}");
        }

        w.WriteLine();
        w.WriteLine($"Deploy your own: faas deploy path/to/project{endpointOption}");
        w.WriteLine($"Logs: faas logs {ExampleFunction.Name} --follow{endpointOption}    Functions: faas ls{endpointOption}");
        w.WriteLine("Stop: Ctrl+C");
        w.Flush();
    }
}
