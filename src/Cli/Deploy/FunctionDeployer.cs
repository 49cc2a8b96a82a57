using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Faas.Cli.CommandLine;

namespace Faas.Cli.Deploy;

/// <summary>
/// Creates a function, or updates an existing one, through the control API as the AWS tools do: CreateFunction; or
/// UpdateFunctionConfiguration then UpdateFunctionCode (publishing with the code, so a published version has both);
/// then PutFunctionConcurrency when reserved concurrency is set, and Put/DeleteFunctionIdempotencyConfig when an
/// idempotency setting is given. Each change is awaited (State, LastUpdateStatus)
/// before the next, as Lambda requires.
/// </summary>
internal static class FunctionDeployer
{
    /// <summary>The runtime when none is configured.</summary>
    public const string DefaultRuntime = "dotnet10";

    /// <summary>The role sent when none is configured: the API requires one; Faas does not assume roles.</summary>
    public const string DefaultRole = "arn:aws:iam::000000000000:role/faas-function";

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Deploys <paramref name="zip"/> with <paramref name="settings"/>; answers the resulting FunctionConfiguration and whether it was created.</summary>
    public static async Task<(JsonElement Configuration, bool Created)> DeployAsync(LambdaClient client, FunctionSettings settings, byte[] zip, CancellationToken cancellationToken)
    {
        var name = settings.Name ?? throw new CliException("no function name: set function-name in aws-lambda-tools-defaults.json or pass --name", ExitCodes.Usage);
        var runtime = settings.Runtime ?? DefaultRuntime;
        var handler = settings.Handler ?? (FunctionZip.IsCustomRuntime(runtime) ? "bootstrap"
            : throw new CliException("no handler: set function-handler in aws-lambda-tools-defaults.json or pass --handler (e.g. MyFunction::MyFunction.Function::Handler)", ExitCodes.Usage));
        var publish = settings.Publish ?? false;

        JsonElement configuration;
        var existing = await client.GetFunctionAsync(name, null, cancellationToken);
        if (existing is null)
        {
            var request = Configuration(settings, runtime, handler);
            request["FunctionName"] = name;
            request["Role"] = settings.Role ?? DefaultRole;
            request["PackageType"] = "Zip";
            request["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip) };
            request["Publish"] = publish;
            if (settings.Architecture is { } architecture)
            {
                request["Architectures"] = new JsonArray(architecture);
            }

            configuration = await client.CreateFunctionAsync(request, cancellationToken);
            await SettleAsync(client, name, cancellationToken);
        }
        else
        {
            await client.UpdateFunctionConfigurationAsync(name, Configuration(settings, runtime, handler), cancellationToken);
            await SettleAsync(client, name, cancellationToken);
            configuration = await client.UpdateFunctionCodeAsync(name, zip, publish, cancellationToken);
            await SettleAsync(client, name, cancellationToken);
        }

        if (settings.ReservedConcurrency is { } reserved)
        {
            await client.PutFunctionConcurrencyAsync(name, reserved, cancellationToken);
        }

        if (settings.Idempotency is { } idempotency)
        {
            if (idempotency.Config is { } config)
            {
                await client.PutIdempotencyConfigAsync(name, config, cancellationToken);
            }
            else
            {
                await client.DeleteIdempotencyConfigAsync(name, cancellationToken);
            }
        }

        return (configuration, existing is null);
    }

    private static JsonObject Configuration(FunctionSettings settings, string runtime, string handler)
    {
        var request = new JsonObject
        {
            ["Runtime"] = runtime,
            ["Handler"] = handler,
        };
        if (settings.MemorySize is { } memory)
        {
            request["MemorySize"] = memory;
        }

        if (settings.Timeout is { } timeout)
        {
            request["Timeout"] = timeout;
        }

        if (settings.Description is { } description)
        {
            request["Description"] = description;
        }

        if (settings.Environment is { } variables)
        {
            var map = new JsonObject();
            foreach (var (key, value) in variables)
            {
                map[key] = value;
            }

            request["Environment"] = new JsonObject { ["Variables"] = map };
        }

        return request;
    }

    // Waits until the function is Active and no update is in progress (Lambda refuses a change while one is).
    private static async Task SettleAsync(LambdaClient client, string name, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + SettleTimeout;
        while (true)
        {
            var function = await client.GetFunctionAsync(name, null, cancellationToken)
                ?? throw new CliException($"function '{name}' disappeared while it was being deployed");
            var configuration = function.TryGetProperty("Configuration", out var c) ? c : function;
            var state = Text(configuration, "State");
            var update = Text(configuration, "LastUpdateStatus");
            if (state == "Failed" || update == "Failed")
            {
                var reason = Text(configuration, "StateReason") ?? Text(configuration, "LastUpdateStatusReason") ?? "no reason given";
                throw new CliException($"function '{name}' failed to deploy: {reason}");
            }

            if (state != "Pending" && update != "InProgress")
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new CliException($"function '{name}' was still {(state == "Pending" ? "Pending" : "updating")} after {SettleTimeout.TotalSeconds:F0} s");
            }

            await Task.Delay(SettlePoll, cancellationToken);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
