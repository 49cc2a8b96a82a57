namespace Faas.Platform.Tests.Common;

/// <summary>The OS processes of a function's execution environments, found by the variables Lambda gives them.</summary>
public static class EnvironmentProcesses
{
    /// <summary>Kills every running environment process of <paramref name="functionName"/>; returns how many.</summary>
    public static int Kill(string functionName)
    {
        var killed = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(folder, "environ"));
                if (environment.Split('\0').Contains($"AWS_LAMBDA_FUNCTION_NAME={functionName}"))
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                    killed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone already, or not ours to read.
            }
        }

        return killed;
    }
}
