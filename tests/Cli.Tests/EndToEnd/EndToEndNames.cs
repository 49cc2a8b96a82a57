namespace Faas.Cli.Tests.EndToEnd;

/// <summary>Function names no other test uses.</summary>
internal static class EndToEndNames
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
