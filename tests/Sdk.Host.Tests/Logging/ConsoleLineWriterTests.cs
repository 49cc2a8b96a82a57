using System.Text;
using Faas.Host.Logging;

namespace Faas.Sdk.Host.Tests.Logging;

public class ConsoleLineWriterTests
{
    [Fact]
    public void Write_PartialWritesThenNewline_EmitsOneRecord()
    {
        var (writer, output) = Create();

        writer.Write("a");
        writer.Write('b');
        writer.Write("c\nd");
        writer.Flush();

        Assert.Equal("2024-01-02T03:04:05.678Z\treq\tinfo\tabc\n2024-01-02T03:04:05.678Z\treq\tinfo\td\n", output());
    }

    [Fact]
    public void WriteLine_MultiLineString_IsOneRecord()
    {
        var (writer, output) = Create();

        writer.WriteLine("line1\nline2");

        Assert.Equal("2024-01-02T03:04:05.678Z\treq\tinfo\tline1\nline2\n", output());
    }

    [Fact]
    public void ContextLogger_LevelNames_UseTextFormatNames()
    {
        var stream = new MemoryStream();
        var sink = new LogSink(stream, Clock()) { RequestId = "r" };
        var logger = (Amazon.Lambda.Core.ILambdaLogger)new ContextLogger(sink);

        logger.LogError("e");
        logger.LogDebug("d {0}", 1);
        logger.Log("Critical", "c");

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["fail\te", "dbug\td 1", "crit\tc"], lines.Select(l => l[(l.IndexOf("\tr\t", StringComparison.Ordinal) + 3)..]));
    }

    private static (ConsoleLineWriter Writer, Func<string> Output) Create()
    {
        var stream = new MemoryStream();
        var sink = new LogSink(stream, Clock()) { RequestId = "req" };
        return (new ConsoleLineWriter(sink, LogLevelNames.Information), () => Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static FixedTimeProvider Clock() => new(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
