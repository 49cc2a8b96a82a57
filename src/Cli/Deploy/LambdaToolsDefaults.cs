using System.Globalization;
using System.Text.Json;
using Faas.Cli.CommandLine;

namespace Faas.Cli.Deploy;

/// <summary>
/// Reads <c>aws-lambda-tools-defaults.json</c>, the settings file of Amazon.Lambda.Tools (<c>dotnet lambda
/// deploy-function</c>): <c>function-name</c>, <c>function-handler</c>, <c>function-runtime</c>,
/// <c>function-memory-size</c>, <c>function-timeout</c>, <c>environment-variables</c> (<c>K=V;K2=V2</c>),
/// <c>function-description</c>, <c>function-role</c>, <c>function-architecture</c>, <c>function-publish</c>,
/// <c>configuration</c>; and <c>function-reserved-concurrency</c> and <c>function-idempotency</c>, which Faas adds
/// (the AWS tool has no such keys).
/// </summary>
internal static class LambdaToolsDefaults
{
    /// <summary>The file's name.</summary>
    public const string FileName = "aws-lambda-tools-defaults.json";

    /// <summary>The settings the file gives; empty settings when there is no file.</summary>
    public static FunctionSettings Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return new FunctionSettings();
        }

        JsonElement root;
        try
        {
            // The AWS templates write comments and trailing commas in this file; System.Text.Json is told to allow them.
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is not valid JSON: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CliException($"{path} must hold a JSON object");
        }

        Dictionary<string, string>? variables = null;
        if (String(root, path, "environment-variables") is { } text)
        {
            variables = FunctionSettings.ParseVariables(text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                ?? throw new CliException($"{path}: environment-variables must be K=V pairs separated by ';'; got '{text}'");
        }

        return new FunctionSettings
        {
            Name = String(root, path, "function-name"),
            Handler = String(root, path, "function-handler"),
            Runtime = String(root, path, "function-runtime"),
            MemorySize = Int(root, path, "function-memory-size"),
            Timeout = Int(root, path, "function-timeout"),
            Environment = variables,
            ReservedConcurrency = Int(root, path, "function-reserved-concurrency"),
            Idempotency = root.TryGetProperty("function-idempotency", out var idempotency) && idempotency.ValueKind != JsonValueKind.Null
                ? IdempotencySetting.FromJson(idempotency, $"{path}: function-idempotency")
                : null,
            Description = String(root, path, "function-description"),
            Role = String(root, path, "function-role"),
            Architecture = String(root, path, "function-architecture"),
            Publish = Bool(root, path, "function-publish"),
            Configuration = String(root, path, "configuration"),
        };
    }

    private static string? String(JsonElement root, string path, string key) =>
        !root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new CliException($"{path}: {key} must be a string");

    // The AWS tool accepts numbers written as strings too.
    private static int? Int(JsonElement root, string path, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new CliException($"{path}: {key} must be a whole number");
    }

    private static bool? Bool(JsonElement root, string path, string key) =>
        !root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var parsed) ? parsed
        : throw new CliException($"{path}: {key} must be true or false");
}
