using System.Text;
using System.Text.Json;
using Faas.Gateway.Invoke;
using Faas.Platform.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>The buffered invoker function URLs use, against real environments.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FunctionInvokerTests(PlatformFixture fixture, ITestOutputHelper output) : InvokeTestBase(fixture, output)
{
    private IFunctionInvoker Invoker => Fixture.Platform.Services.GetRequiredService<IFunctionInvoker>();

    [Fact]
    public async Task InvokeAsync_Function_ReturnsItsOutputAndLogTail()
    {
        var name = UniqueName("invoker");
        await CreateDotnetFunctionAsync(name, Log);

        var response = await Invoker.InvokeAsync(new InvocationRequest(name, null, Encoding.UTF8.GetBytes("""{"Marker":"url-marker"}"""), Guid.NewGuid().ToString()) { TailLogs = true }, CancellationToken.None);

        Assert.Null(response.Error);
        Assert.Null(response.FunctionError);
        Assert.Equal("$LATEST", response.ExecutedVersion);
        Assert.Equal("\"logged\"", Encoding.UTF8.GetString(response.Payload.Span));
        Assert.Contains("url-marker via Console", Encoding.UTF8.GetString(Convert.FromBase64String(response.LogResult!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_FunctionThrows_ReturnsFunctionError()
    {
        var name = UniqueName("invoker-throw");
        await CreateDotnetFunctionAsync(name, Throw);

        var response = await Invoker.InvokeAsync(new InvocationRequest(name, null, Encoding.UTF8.GetBytes("""{"Message":"x"}"""), Guid.NewGuid().ToString()), CancellationToken.None);

        Assert.Null(response.Error);
        Assert.Equal("Unhandled", response.FunctionError);
        Assert.Equal("InvalidOperationException", JsonDocument.Parse(response.Payload).RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task InvokeAsync_UnknownFunction_ReturnsResourceNotFound()
    {
        var name = UniqueName("invoker-missing");

        var response = await Invoker.InvokeAsync(new InvocationRequest(name, "live", Encoding.UTF8.GetBytes("{}"), Guid.NewGuid().ToString()), CancellationToken.None);

        Assert.Equal(404, response.Error?.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Error?.ErrorType);
        Assert.Equal($"Function not found: arn:aws:lambda:us-east-1:000000000000:function:{name}:live", response.Error?.Message);
    }

    [Fact]
    public async Task Metrics_AfterInvocations_ExportsPerFunctionSeries()
    {
        var name = UniqueName("metrics");
        await CreateDotnetFunctionAsync(name, Throw);
        using (var failed = await InvokeAsync(name, """{"Message":"x"}"""))
        {
            Assert.Equal("Unhandled", Assert.Single(failed.Headers.GetValues("X-Amz-Function-Error")));
        }

        using (var second = await InvokeAsync(name, """{"Message":"y"}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, second.StatusCode);
        }

        // The exporter caches a scrape briefly; ask until the series show up.
        var text = "";
        for (var attempt = 0; attempt < 40 && !text.Contains($"function_name=\"{name}\"", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(250);
            text = await Fixture.Http.GetStringAsync(new Uri(Fixture.GatewayUri, "/metrics"));
        }

        Assert.Equal(2, Sample(text, "faas_invocations_total", name));
        Assert.Equal(2, Sample(text, "faas_errors_total", name));
        Assert.Equal(1, Sample(text, "faas_cold_starts_total", name));
        Assert.Equal(2, Sample(text, "faas_duration_milliseconds_count", name));
        Assert.Equal(0, Sample(text, "faas_concurrent_executions", name));
    }

    private static double Sample(string exposition, string metric, string functionName)
    {
        var line = exposition.Split('\n').SingleOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains($"function_name=\"{functionName}\"", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {metric} for {functionName} in:\n{exposition}");
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
