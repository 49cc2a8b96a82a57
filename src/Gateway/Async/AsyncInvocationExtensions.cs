using Faas.Gateway;
using Faas.Gateway.Async;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Asynchronous invocation: the Invoke API's <c>Event</c> type writes to Kafka; the dispatcher runs what was written.</summary>
internal static class AsyncInvocationExtensions
{
    public static IServiceCollection AddAsyncInvocation(this IServiceCollection services, GatewayOptions options)
    {
        var validation = new AsyncInvocationOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AsyncEventProducer>();
        services.TryAddSingleton<AsyncInvokeAcceptor>();
        services.TryAddSingleton<FunctionGates>();
        services.TryAddSingleton<AsyncEventProcessor>();
        services.TryAddSingleton<AsyncDispatcher>();
        services.AddHostedService(static sp => sp.GetRequiredService<AsyncDispatcher>());
        return services;
    }

    /// <summary>Maps the legacy InvokeAsync API; Invoke's <c>Event</c> type is served by the Invoke API's endpoint.</summary>
    public static WebApplication MapAsyncInvocation(this WebApplication app)
    {
        var acceptor = app.Services.GetRequiredService<AsyncInvokeAcceptor>();
        app.MapPost(AsyncInvokeAcceptor.LegacyRoute, acceptor.HandleLegacyAsync);
        return app;
    }
}
