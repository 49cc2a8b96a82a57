using System.Net;
using Faas.Gateway;
using Faas.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Faas gateway to an ASP.NET Core application that also hosts (or is a client of) the scheduler.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>
    /// Registers the gateway: its options (section <c>Gateway</c>), the public listener, authentication, the control API,
    /// the Invoke API, asynchronous invocation (Kafka, section <c>Kafka</c>), event source mapping pollers, function URLs and metrics. Needs an Orleans grain factory (a co-hosted silo or a client).
    /// </summary>
    public static WebApplicationBuilder AddFaasGateway(this WebApplicationBuilder builder, Action<GatewayOptions>? configure = null)
    {
        var options = new GatewayOptions();
        builder.Configuration.GetSection(GatewayOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var validation = new GatewayOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), validation.Failures);
        }

        options.PackageDirectory = Path.GetFullPath(options.PackageDirectory);
        Directory.CreateDirectory(options.PackageDirectory);

        builder.AddFaasKafka();
        var services = builder.Services;
        services.TryAddSingleton(options);
        services.TryAddSingleton(Options.Options.Create(options));
        services.TryAddSingleton<GatewayEndpoints>();
        services.AddGatewayAuth(options);
        services.AddControlApi(options);
        services.AddIdempotency(options);
        services.AddInvokeApi(options);
        services.AddAsyncInvocation(options);
        services.AddEventSources(options);
        services.AddFunctionUrls(options);
        services.AddFunctionLogs();
        services.AddScalingStatus();
        // A warm invocation is the gateway's hot path: running its socket completions inline saves a thread wake-up on
        // each read and write (latency at half of peak: docs/benchmarks.md).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.InlineSocketCompletions);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var endpoints = kestrel.ApplicationServices.GetRequiredService<GatewayEndpoints>();
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                endpoints.SetListener(listen);
            });

            // Invoke bodies are up to 6 MB and CreateFunction carries a base64 zip of up to 50 MB; each API applies its own limit.
            kestrel.Limits.MaxRequestBodySize = 80L * 1024 * 1024;
            kestrel.AddServerHeader = false;
        });
        return builder;
    }

    /// <summary>Maps the gateway's APIs. Call after <c>Build()</c>.</summary>
    public static WebApplication MapFaasGateway(this WebApplication app)
    {
        app.Use(RequestIds.AssignAsync);
        app.UseGatewayAuth();
        app.UseRouting();
        app.MapControlApi();
        app.MapInvokeApi();
        app.MapAsyncInvocation();
        app.MapFunctionUrls();
        app.MapFunctionLogs();
        app.MapScalingStatus();
        return app;
    }
}
