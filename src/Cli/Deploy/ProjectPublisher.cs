using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Faas.Cli.CommandLine;

namespace Faas.Cli.Deploy;

/// <summary>
/// Builds a .NET Lambda project the way <c>dotnet lambda package</c> does: <c>dotnet publish</c> for Linux on the
/// function's architecture, framework-dependent, with runtime configuration files, into a folder that is then zipped.
/// </summary>
internal static class ProjectPublisher
{
    private static readonly string[] ProjectExtensions = ["*.csproj", "*.fsproj", "*.vbproj"];

    /// <summary>The project file in <paramref name="folder"/>; null when there is none; an error when there are several.</summary>
    public static string? FindProject(string folder)
    {
        var projects = ProjectExtensions.SelectMany(pattern => Directory.EnumerateFiles(folder, pattern)).ToList();
        return projects.Count switch
        {
            0 => null,
            1 => projects[0],
            _ => throw new CliException($"{folder} holds several projects ({string.Join(", ", projects.Select(Path.GetFileName))}); give the one to deploy as PATH"),
        };
    }

    /// <summary>The runtime identifier for an architecture (<c>x86_64</c>, <c>arm64</c>), or this machine's.</summary>
    public static string RuntimeIdentifier(string? architecture) => architecture switch
    {
        "arm64" => "linux-arm64",
        "x86_64" => "linux-x64",
        _ => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64",
    };

    /// <summary>Runs <c>dotnet publish</c>; on failure the build's error lines go to <paramref name="error"/> and a <see cref="CliException"/> is thrown.</summary>
    public static async Task PublishAsync(string project, string configuration, string runtimeIdentifier, string output, TextWriter error, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var arg in new[]
        {
            "publish", project, "--configuration", configuration, "--output", output, "--runtime", runtimeIdentifier,
            "--self-contained", "false", "-p:GenerateRuntimeConfigurationFiles=true", "--nologo",
        })
        {
            start.ArgumentList.Add(arg);
        }

        // The build's own console logger would draw progress for a terminal it does not have.
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        start.Environment["DOTNET_NOLOGO"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException("could not start 'dotnet publish'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException($"could not run 'dotnet' ({e.Message}); the .NET SDK is needed to build .NET functions");
        }

        using (process)
        {
            var lines = new StringBuilder();
            var stdout = PumpAsync(process.StandardOutput, lines);
            var stderr = PumpAsync(process.StandardError, lines);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await Task.WhenAll(stdout, stderr);
            if (process.ExitCode != 0)
            {
                // The compiler's errors are what the user needs; the rest of the build's output is noise here.
                var errors = lines.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
                foreach (var line in errors.Count > 0 ? errors : lines.ToString().Split('\n').TakeLast(20))
                {
                    error.WriteLine(line.TrimEnd());
                }

                throw new CliException($"'dotnet publish {Path.GetFileName(project)}' failed (exit code {process.ExitCode})");
            }
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.AppendLine(line);
            }
        }
    }
}
