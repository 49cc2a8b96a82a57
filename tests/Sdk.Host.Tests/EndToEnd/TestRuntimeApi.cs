using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Sdk.Host.Tests.EndToEnd;

/// <summary>A minimal Runtime API (the worker's side) on 127.0.0.1:0 or a Unix socket that queues events and records what the host posts.</summary>
public sealed class TestRuntimeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<TestEvent> _events = Channel.CreateUnbounded<TestEvent>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TestOutcome>> _outcomes = new();
    private readonly TaskCompletionSource<TestOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Dictionary<string, string>?> _specialization = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestRuntimeApi(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The <c>host:port</c> to give the host as AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address { get; private set; } = "";

    private readonly ConcurrentDictionary<string, byte> _connections = new();

    /// <summary>When true, <c>next</c> answers 500.</summary>
    public bool FailNext { get; set; }

    /// <summary>When true, <c>next</c> closes the connection without answering.</summary>
    public bool DropNext { get; set; }

    /// <summary>When true, <c>next</c> sends the event chunked, in several flushed pieces, instead of with a Content-Length.</summary>
    public bool ChunkedNext { get; set; }

    /// <summary>When true, every answer carries <c>Connection: close</c> and the server closes the connection after it.</summary>
    public bool CloseAfterAnswer { get; set; }

    /// <summary>How many connections the host has made so far.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The Unix socket the API listens on instead of TCP (FAAS_RUNTIME_API_SOCKET), or null.</summary>
    public string? SocketPath { get; private set; }

    /// <summary>The <c>Host</c> headers of the requests so far.</summary>
    public IReadOnlyCollection<string> HostHeaders => _hostHeaders;

    private readonly ConcurrentQueue<string> _hostHeaders = new();

    /// <summary>Starts on 127.0.0.1 at a free port, or only on the Unix socket <paramref name="socketPath"/> when given.</summary>
    public static async Task<TestRuntimeApi> StartAsync(string? socketPath = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            if (socketPath is null)
            {
                options.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                options.ListenUnixSocket(socketPath);
            }
        });
        var app = builder.Build();
        var api = new TestRuntimeApi(app) { SocketPath = socketPath };
        app.Use(async (context, next) =>
        {
            api._connections.TryAdd(context.Connection.Id, 0);
            api._hostHeaders.Enqueue(context.Request.Headers.Host.ToString());
            if (api.CloseAfterAnswer)
            {
                context.Response.Headers.Connection = "close";
            }

            await next(context);
        });
        api.Map(app);
        await app.StartAsync();
        if (socketPath is null)
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            api.Address = "127.0.0.1:" + address.Port;
        }

        return api;
    }

    /// <summary>Queues an event and returns what the host posts for it.</summary>
    public Task<TestOutcome> InvokeAsync(string requestId, string body, string? traceId = null)
    {
        var outcome = _outcomes.GetOrAdd(requestId, _ => new TaskCompletionSource<TestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        _events.Writer.TryWrite(new TestEvent(requestId, body, traceId));
        return outcome.Task;
    }

    /// <summary>What the host posted to <c>/runtime/init/error</c>.</summary>
    public Task<TestOutcome> InitError => _initError.Task;

    /// <summary>Answers the pending <c>/faas/specialize</c> with this environment (200), or with 410 when null.</summary>
    public void Specialize(Dictionary<string, string>? environment) => _specialization.TrySetResult(environment);

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        _specialization.TrySetResult(null);
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (SocketPath is not null)
        {
            File.Delete(SocketPath);
        }
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/2018-06-01/faas/specialize", async (HttpContext context) =>
        {
            var environment = await _specialization.Task;
            if (environment is null)
            {
                context.Response.StatusCode = StatusCodes.Status410Gone;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { environment }));
        });

        app.MapGet("/2018-06-01/runtime/invocation/next", async (HttpContext context) =>
        {
            if (FailNext)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            if (DropNext)
            {
                context.Abort();
                return;
            }

            var next = await _events.Reader.ReadAsync(context.RequestAborted);
            var headers = context.Response.Headers;
            headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
            headers["Lambda-Runtime-Deadline-Ms"] = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 30_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:fn";
            if (next.TraceId is not null)
            {
                headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
            }

            context.Response.ContentType = "application/json";
            var body = Encoding.UTF8.GetBytes(next.Body);
            if (!ChunkedNext)
            {
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body);
                return;
            }

            // No Content-Length and a flush before the end: Kestrel sends each piece as a chunk.
            for (var start = 0; start < body.Length; start += 5_000)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(start, Math.Min(5_000, body.Length - start)));
                await context.Response.Body.FlushAsync();
            }
        });

        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", async (HttpContext context, string id) =>
        {
            Complete(id, await ReadOutcomeAsync(context, "response"));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });

        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", async (HttpContext context, string id) =>
        {
            Complete(id, await ReadOutcomeAsync(context, "error"));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });

        app.MapPost("/2018-06-01/runtime/init/error", async (HttpContext context) =>
        {
            _initError.TrySetResult(await ReadOutcomeAsync(context, "init-error"));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
    }

    private void Complete(string requestId, TestOutcome outcome)
        => _outcomes.GetOrAdd(requestId, _ => new TaskCompletionSource<TestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(outcome);

    private static async Task<TestOutcome> ReadOutcomeAsync(HttpContext context, string kind)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        return new TestOutcome(kind, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), context.Request.ContentType)
        {
            Chunked = context.Request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase),
        };
    }
}

public sealed record TestEvent(string RequestId, string Body, string? TraceId);

/// <summary>What the host posted: <c>response</c>, <c>error</c> or <c>init-error</c>, with body and error headers.</summary>
public sealed record TestOutcome(string Kind, string Body, string ErrorTypeHeader, string? ContentType)
{
    /// <summary>Whether the host sent the body with <c>Transfer-Encoding: chunked</c>.</summary>
    public bool Chunked { get; init; }
}
