using System.Globalization;
using Faas.Cli.CommandLine;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Faas.Cli.Deploy;

/// <summary>
/// Reads the function settings of a SAM template (<c>template.yaml</c>, <c>template.yml</c>, or the JSON
/// <c>serverless.template</c> of the .NET templates): the first <c>AWS::Serverless::Function</c> (or
/// <c>AWS::Lambda::Function</c>) with <c>Globals.Function</c> below it. Values written with CloudFormation functions
/// (<c>!Ref</c>, <c>!Sub</c>, <c>Fn::...</c>) cannot be resolved here: they are skipped with a warning. Faas's own
/// settings sit in the function resource's <c>Metadata.Faas</c> (CloudFormation passes resource metadata through):
/// <c>Idempotency</c>, the idempotency config.
/// </summary>
internal static class SamTemplate
{
    /// <summary>The file names looked for, in order.</summary>
    public static readonly string[] FileNames = ["template.yaml", "template.yml", "serverless.template"];

    /// <summary>The template in <paramref name="folder"/>, or null.</summary>
    public static string? Find(string folder) => FileNames.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary>The settings of the template's first function; <paramref name="warnings"/> gets what was skipped.</summary>
    public static FunctionSettings Read(string path, List<string> warnings)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new CliException($"{path} is not valid YAML (line {e.Start.Line}): {e.InnerException?.Message ?? e.Message}");
        }

        var file = Path.GetFileName(path);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new CliException($"{path} is not a SAM template (no top-level mapping)");
        }

        if (Child(root, "Resources") is not YamlMappingNode resources)
        {
            throw new CliException($"{path} has no Resources");
        }

        var function = resources.Children.FirstOrDefault(r => r.Value is YamlMappingNode resource
            && Scalar(Child(resource, "Type")) is "AWS::Serverless::Function" or "AWS::Lambda::Function");
        if (function.Value is not YamlMappingNode resourceNode)
        {
            throw new CliException($"{path} defines no AWS::Serverless::Function");
        }

        var logicalId = Scalar(function.Key) ?? "function";
        var properties = Child(resourceNode, "Properties") as YamlMappingNode;
        var globals = Child(Child(root, "Globals"), "Function") as YamlMappingNode;
        var own = Settings(properties, $"{file}: {logicalId}", warnings);
        var shared = Settings(globals, $"{file}: Globals.Function", warnings);
        var idempotency = Child(Child(Child(resourceNode, "Metadata"), "Faas"), "Idempotency") is { } node
            ? IdempotencySetting.FromYaml(node, $"{file}: {logicalId}.Metadata.Faas.Idempotency")
            : null;
        return (own with { Name = own.Name ?? logicalId, Idempotency = idempotency }).Over(shared);
    }

    private static FunctionSettings Settings(YamlMappingNode? properties, string where, List<string> warnings)
    {
        if (properties is null)
        {
            return new FunctionSettings();
        }

        string? Text(string key)
        {
            var node = Child(properties, key);
            if (node is null)
            {
                return null;
            }

            if (IsPlain(node) && node is YamlScalarNode scalar)
            {
                return scalar.Value;
            }

            warnings.Add($"{where}: {key} uses a CloudFormation function or is not a plain value; it is ignored");
            return null;
        }

        int? Number(string key)
        {
            if (Text(key) is not { } value)
            {
                return null;
            }

            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            throw new CliException($"{where}: {key} must be a whole number; got '{value}'");
        }

        Dictionary<string, string>? variables = null;
        if (Child(Child(properties, "Environment"), "Variables") is { } node)
        {
            variables = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node is YamlMappingNode map && IsPlain(node))
            {
                foreach (var (key, value) in map.Children)
                {
                    var name = Scalar(key) ?? "";
                    if (IsPlain(value) && value is YamlScalarNode scalar)
                    {
                        variables[name] = scalar.Value ?? "";
                    }
                    else
                    {
                        warnings.Add($"{where}: Environment.Variables.{name} uses a CloudFormation function; it is ignored");
                    }
                }
            }
            else
            {
                warnings.Add($"{where}: Environment.Variables is not a plain mapping; it is ignored");
            }
        }

        var architectures = Child(properties, "Architectures") as YamlSequenceNode;
        return new FunctionSettings
        {
            Name = Text("FunctionName"),
            Handler = Text("Handler"),
            Runtime = Text("Runtime"),
            MemorySize = Number("MemorySize"),
            Timeout = Number("Timeout"),
            Environment = variables,
            ReservedConcurrency = Number("ReservedConcurrentExecutions"),
            Description = Text("Description"),
            Role = Text("Role"),
            Architecture = architectures?.Children.FirstOrDefault() is YamlScalarNode arch && IsPlain(arch) ? arch.Value : null,
            CodeUri = Text("CodeUri"),
        };
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    // A value CloudFormation resolves at deploy time: a short-form tag (!Ref, !Sub, !GetAtt...) or a one-key mapping
    // `Ref:` / `Fn::...:` (the long form, and the only form in JSON templates).
    private static bool IsPlain(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? "" : node.Tag.Value;
        if (tag.StartsWith('!') && tag.Length > 1)
        {
            return false;
        }

        return node is not YamlMappingNode { Children.Count: 1 } map
            || Scalar(map.Children.Keys.First()) is not { } key
            || !(key == "Ref" || key == "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal));
    }
}
