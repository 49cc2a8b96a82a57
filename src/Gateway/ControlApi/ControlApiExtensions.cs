using Faas.Gateway;
using Faas.Gateway.ControlApi;
using Faas.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Lambda's control API on AWS's paths: functions, versions, aliases, concurrency, function URL configs, idempotency configs, event invoke configs, event source mappings, account settings and tags.</summary>
internal static class ControlApiExtensions
{
    public static IServiceCollection AddControlApi(this IServiceCollection services, GatewayOptions options)
    {
        var validation = new PackageSweepOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PackageStore>();
        services.TryAddSingleton<PackageSweeper>();
        if (PackageSweepOptionsValidator.SweepEnabled(options))
        {
            services.AddHostedService(static sp => sp.GetRequiredService<PackageSweeper>());
        }

        return services;
    }

    public static WebApplication MapControlApi(this WebApplication app)
    {
        var routes = app.MapGroup("").AddEndpointFilter(AnswerUnexpectedFailureAsync);
        FunctionEndpoints.Map(routes);
        VersionEndpoints.Map(routes);
        AliasEndpoints.Map(routes);
        ConcurrencyEndpoints.Map(routes);
        FunctionUrlConfigEndpoints.Map(routes);
        IdempotencyConfigEndpoints.Map(routes);
        EventInvokeConfigEndpoints.Map(routes);
        EventSourceMappingEndpoints.Map(routes);
        AccountEndpoints.Map(routes);
        return app;
    }

    // A failure the registry did not answer as a refusal (storage down, a grain call timing out) is Lambda's ServiceException.
    private static async ValueTask<object?> AnswerUnexpectedFailureAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Faas.Gateway.ControlApi");
            ControlApiLog.RequestFailed(logger, context.HttpContext.Request.Method, context.HttpContext.Request.Path, exception);
            return ControlApiHttp.Error(LambdaError.Service("An internal error occurred; the request may not have been applied. Retry it."));
        }
    }
}
