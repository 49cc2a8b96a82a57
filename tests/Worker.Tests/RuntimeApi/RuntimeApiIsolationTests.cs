using System.Net.Sockets;
using Faas.Worker.Environments;
using Faas.Worker.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.RuntimeApi;

/// <summary>An environment's Runtime API serves its own process tree only: no other process can take its invocations.</summary>
public sealed class RuntimeApiIsolationTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Fact]
    public async Task Next_FromAnotherProcess_IsRefusedAndTheInvocationReachesItsEnvironment()
    {
        var spec = FunctionSpecBuilder.Custom(Fixture.CurlBootstrap).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        var port = Worker.Services.GetRequiredService<EnvironmentManager>().Find(environment.Id)!.Process!.Slot.Port;
        using var intruder = new HttpClient();

        var stolen = await Record.ExceptionAsync(() => intruder.GetAsync($"http://127.0.0.1:{port}/2018-06-01/runtime/invocation/next", TestTimeout));
        var result = await environment.InvokeAsync("""{"secret":42}""", cancellationToken: TestTimeout);

        Assert.IsType<HttpRequestException>(stolen);
        InvokeAssert.Succeeded(result);
        Assert.Equal("""Echoing request: '{"secret":42}'""", result.BodyText.TrimEnd('\n'));
    }

    [Fact]
    public async Task Response_FromAnotherProcess_IsRefusedAndCannotForgeAResult()
    {
        var spec = FunctionSpecBuilder.Custom(Fixture.CurlBootstrap).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        var port = Worker.Services.GetRequiredService<EnvironmentManager>().Find(environment.Id)!.Process!.Slot.Port;
        using var intruder = new HttpClient();

        var forged = await Record.ExceptionAsync(() => intruder.PostAsync(
            $"http://127.0.0.1:{port}/2018-06-01/runtime/invocation/{Guid.NewGuid()}/response", new StringContent("forged"), TestTimeout));
        var result = await environment.InvokeAsync("""{"n":1}""", cancellationToken: TestTimeout);

        Assert.IsType<HttpRequestException>(forged);
        Assert.Equal("""Echoing request: '{"n":1}'""", result.BodyText.TrimEnd('\n'));
    }

    [Fact]
    public async Task Next_OverTheSlotsUnixSocketFromAnotherProcess_IsRefused()
    {
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Echo").Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        var socketPath = Worker.Services.GetRequiredService<EnvironmentManager>().Find(environment.Id)!.Process!.Slot.SocketPath;
        Assert.NotNull(socketPath);
        using var intruder = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });

        var stolen = await Record.ExceptionAsync(() => intruder.GetAsync("http://localhost/2018-06-01/runtime/invocation/next", TestTimeout));
        var result = await environment.InvokeAsync("""{"Message":"still mine"}""", cancellationToken: TestTimeout);

        Assert.IsType<HttpRequestException>(stolen);
        InvokeAssert.Succeeded(result);
        Assert.Contains("still mine", result.BodyText, StringComparison.Ordinal);
    }
}
