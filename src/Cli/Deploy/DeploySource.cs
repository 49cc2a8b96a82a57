using Faas.Cli.CommandLine;

namespace Faas.Cli.Deploy;

/// <summary>What <c>faas deploy PATH</c> deploys: the merged settings and where the code comes from.</summary>
/// <param name="Settings">Template, then aws-lambda-tools-defaults.json, then command line, each over the one before.</param>
/// <param name="Folder">The folder holding the code (a project's folder, or a folder zipped as it is).</param>
/// <param name="Project">The .NET project to publish, or null.</param>
/// <param name="Zip">A ready zip to upload as it is, or null.</param>
internal sealed record DeploySource(FunctionSettings Settings, string Folder, string? Project, string? Zip)
{
    /// <summary>Finds the code and settings for <paramref name="target"/> (a folder, a project file or a zip).</summary>
    public static DeploySource Resolve(string target, FunctionSettings commandLine, Action<string> warn)
    {
        string folder;
        string? project = null;
        string? zip = null;
        if (File.Exists(target))
        {
            folder = Path.GetDirectoryName(target)!;
            if (target.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                zip = target;
            }
            else if (Path.GetExtension(target) is ".csproj" or ".fsproj" or ".vbproj")
            {
                project = target;
            }
            else
            {
                throw new CliException($"{target} is not a project folder, a project file or a .zip");
            }
        }
        else if (Directory.Exists(target))
        {
            folder = target;
        }
        else
        {
            throw new CliException($"{target} does not exist");
        }

        // 1. Settings: the SAM template, then aws-lambda-tools-defaults.json, then the command line.
        var warnings = new List<string>();
        var template = SamTemplate.Find(folder) is { } templatePath ? SamTemplate.Read(templatePath, warnings) : new FunctionSettings();
        foreach (var warning in warnings)
        {
            warn(warning);
        }

        var settings = commandLine.Over(LambdaToolsDefaults.Read(folder)).Over(template);

        // 2. The code: the template's CodeUri when it points elsewhere, else the folder itself.
        if (project is null && zip is null && settings.CodeUri is { Length: > 0 } codeUri && !codeUri.Contains("://", StringComparison.Ordinal))
        {
            var code = Path.GetFullPath(Path.Combine(folder, codeUri));
            if (File.Exists(code) && code.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                zip = code;
            }
            else if (Directory.Exists(code))
            {
                folder = code;
                settings = commandLine.Over(LambdaToolsDefaults.Read(folder)).Over(settings);
            }
            else
            {
                throw new CliException($"the template's CodeUri '{codeUri}' is not a folder or .zip ({code})");
            }
        }

        if (project is null && zip is null)
        {
            project = ProjectPublisher.FindProject(folder);
            if (project is null && !File.Exists(Path.Combine(folder, "bootstrap")))
            {
                throw new CliException($"{folder} has no .NET project (*.csproj) and no bootstrap to deploy");
            }

            if (project is null && settings.Runtime is null)
            {
                // A folder with a bootstrap and no project is a custom runtime.
                settings = settings with { Runtime = "provided.al2023" };
            }
        }

        return new DeploySource(settings, folder, project, zip);
    }
}
