namespace Faas.Cli.Tests.Common;

/// <summary>A user's Lambda project made from examples/hello: copied to a temp folder, its greeting changed.</summary>
internal static class ExampleProject
{
    /// <summary>Copies the example's source (not its bin/obj) to a new folder, answering with <paramref name="greeting"/> instead of "Hello".</summary>
    public static string Create(string greeting, bool keepToolsDefaults = true)
    {
        var folder = TestPaths.NewTempFolder("faas-cli-project");
        foreach (var file in Directory.EnumerateFiles(TestPaths.ExampleSource))
        {
            var name = Path.GetFileName(file);
            if (!keepToolsDefaults && name == "aws-lambda-tools-defaults.json")
            {
                continue;
            }

            var text = File.ReadAllText(file);

            // The copy lives outside the repository: its references to the Sdk projects become absolute.
            text = text.Replace("../../src/Sdk/", Path.Combine(TestPaths.RepositoryRoot, "src", "Sdk") + "/", StringComparison.Ordinal);
            text = text.Replace("$\"Hello, {name}!\"", $"$\"{greeting}, {{name}}!\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return folder;
    }

    /// <summary>Sets (or adds) one key of the copy's aws-lambda-tools-defaults.json.</summary>
    public static void SetDefault(string folder, string key, object value)
    {
        var path = Path.Combine(folder, "aws-lambda-tools-defaults.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json[key] = System.Text.Json.Nodes.JsonValue.Create(value);
        File.WriteAllText(path, json.ToJsonString());
    }
}
