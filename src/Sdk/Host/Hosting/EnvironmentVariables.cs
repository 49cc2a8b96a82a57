namespace Faas.Host.Hosting;

/// <summary>Reads process environment variables, treating empty values as unset.</summary>
internal static class EnvironmentVariables
{
    /// <summary>Reads an environment variable, or null when it is unset or empty.</summary>
    public static string? Get(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
