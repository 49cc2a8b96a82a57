using System.Text.RegularExpressions;
using Faas.Worker.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Environments;

/// <summary>Each environment's log stream is a file holding the function's lines between Lambda's START, END and REPORT.</summary>
public sealed partial class EnvironmentLogTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Fact]
    public async Task LogStream_InvocationsWithoutTail_FileHoldsEachInvocationInOrder()
    {
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Log").Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var first = await environment.InvokeAsync("""{"Marker":"first-marker"}""", cancellationToken: TestTimeout);
        var second = await environment.InvokeAsync("""{"Marker":"second-marker"}""", cancellationToken: TestTimeout);
        var log = await ReadLogUntilAsync(spec.FunctionName, $"REPORT RequestId: {second.RequestId}");

        InvokeAssert.Succeeded(first);
        InvokeAssert.Succeeded(second);
        var order = new[]
        {
            $"START RequestId: {first.RequestId} Version: $LATEST",
            "first-marker via Console",
            $"END RequestId: {first.RequestId}",
            $"REPORT RequestId: {first.RequestId}",
            $"START RequestId: {second.RequestId} Version: $LATEST",
            "second-marker via Console",
            $"END RequestId: {second.RequestId}",
            $"REPORT RequestId: {second.RequestId}",
        };
        var positions = order.Select(line => log.IndexOf(line, StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Matches(ReportLine(), log);
    }

    // Polls the function's log folder: lines reach the file on the worker's next log flush.
    private async Task<string> ReadLogUntilAsync(string functionName, string expected)
    {
        var folder = Path.Combine(Worker.DataDirectory, "logs", functionName);
        var text = "";
        while (!text.Contains(expected, StringComparison.Ordinal))
        {
            await Task.Delay(50, TestTimeout);
            text = Directory.Exists(folder)
                ? string.Concat(Directory.EnumerateFiles(folder, "*.log", SearchOption.AllDirectories).Select(ReadShared))
                : "";
        }

        return text;
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\t")]
    private static partial Regex ReportLine();
}
