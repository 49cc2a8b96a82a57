using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Cli.CommandLine;
using YamlDotNet.RepresentationModel;

namespace Faas.Cli.Deploy;

/// <summary>
/// The idempotency config <c>faas deploy</c> puts (PutFunctionIdempotencyConfig's body), or <c>off</c> to remove it.
/// Written as that JSON object, or as a shorthand: <c>header</c> (the <c>Idempotency-Key</c> header), <c>event:PATH</c>
/// (an event key path, e.g. <c>event:body.orderId</c>), <c>off</c>.
/// </summary>
internal sealed record IdempotencySetting(JsonObject? Config)
{
    /// <summary>Remove the function's idempotency config.</summary>
    public bool Off => Config is null;

    /// <summary>Parses the command line's <c>--idempotency</c> (or a string in a config file).</summary>
    public static IdempotencySetting Parse(string text, string where)
    {
        var value = text.Trim();
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return new IdempotencySetting((JsonObject?)null);
        }

        if (value.Equals("header", StringComparison.OrdinalIgnoreCase))
        {
            return new IdempotencySetting(new JsonObject { ["KeySource"] = "HEADER" });
        }

        if (value.StartsWith("event:", StringComparison.OrdinalIgnoreCase) && value.Length > "event:".Length)
        {
            return new IdempotencySetting(new JsonObject { ["KeySource"] = "EVENT", ["EventKeyPath"] = value["event:".Length..] });
        }

        if (value.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(value) is JsonObject config ? new IdempotencySetting(config) : throw Invalid(where, text);
            }
            catch (JsonException)
            {
                throw Invalid(where, text);
            }
        }

        throw Invalid(where, text);
    }

    /// <summary>Reads the value of <c>function-idempotency</c> in aws-lambda-tools-defaults.json: an object or a shorthand string.</summary>
    public static IdempotencySetting FromJson(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.Object => new IdempotencySetting(JsonObject.Create(value)),
        JsonValueKind.String => Parse(value.GetString()!, where),
        _ => throw Invalid(where, value.GetRawText()),
    };

    /// <summary>Reads <c>Metadata.Faas.Idempotency</c> of a SAM function: a mapping with the JSON body's members, or a shorthand.</summary>
    public static IdempotencySetting FromYaml(YamlNode node, string where)
    {
        if (node is YamlScalarNode { Value: { } shorthand })
        {
            return Parse(shorthand, where);
        }

        if (node is not YamlMappingNode map)
        {
            throw Invalid(where, node.ToString());
        }

        var config = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || value is not YamlScalarNode { Value: { } text })
            {
                throw new CliException($"{where}: Idempotency members must be plain values");
            }

            // YAML scalars are text: numbers and booleans become JSON numbers and booleans, as the API expects.
            config[name] = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : bool.TryParse(text, out var flag) ? JsonValue.Create(flag)
                : JsonValue.Create(text);
        }

        return new IdempotencySetting(config);
    }

    private static CliException Invalid(string where, string text)
        => new($"{where}: idempotency must be header, event:PATH, off, or a JSON object of the idempotency-config API; got '{text}'");
}
