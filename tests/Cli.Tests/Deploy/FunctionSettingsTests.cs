using Faas.Cli.Deploy;

namespace Faas.Cli.Tests.Deploy;

public sealed class FunctionSettingsTests
{
    [Fact]
    public void Over_BothGiveAValue_UpperWins()
    {
        var upper = new FunctionSettings { MemorySize = 1024, Environment = new Dictionary<string, string> { ["A"] = "cli" } };
        var lower = new FunctionSettings { Name = "fn", MemorySize = 128, Timeout = 9, Environment = new Dictionary<string, string> { ["A"] = "file", ["B"] = "file" } };

        var merged = upper.Over(lower);

        Assert.Equal("fn", merged.Name);
        Assert.Equal(1024, merged.MemorySize);
        Assert.Equal(9, merged.Timeout);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "cli", ["B"] = "file" }, merged.Environment);
    }

    [Theory]
    [InlineData("A=1", "A", "1")]
    [InlineData("URL=http://x/?a=b", "URL", "http://x/?a=b")]
    [InlineData("EMPTY=", "EMPTY", "")]
    public void ParseVariables_NameEqualsValue_SplitsAtTheFirstEquals(string entry, string name, string value)
    {
        var variables = FunctionSettings.ParseVariables([entry]);

        Assert.Equal(value, Assert.Contains(name, variables!));
    }

    [Theory]
    [InlineData("NOEQUALS")]
    [InlineData("=value")]
    public void ParseVariables_NotAPair_IsRefused(string entry)
    {
        Assert.Null(FunctionSettings.ParseVariables([entry]));
    }
}
