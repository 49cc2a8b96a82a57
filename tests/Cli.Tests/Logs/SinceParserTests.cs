using Faas.Cli.Logs;

namespace Faas.Cli.Tests.Logs;

public sealed class SinceParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    public void Parse_Duration_CountsBackFromNow(string value, int seconds)
    {
        Assert.Equal(Now.AddSeconds(-seconds), SinceParser.Parse(value, Now));
    }

    [Fact]
    public void Parse_IsoTime_IsThatTime()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero), SinceParser.Parse("2026-03-01T08:30:00Z", Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ten minutes")]
    [InlineData("5y")]
    public void Parse_Neither_IsNull(string value)
    {
        Assert.Null(SinceParser.Parse(value, Now));
    }
}
