using Faas.Gateway;
using Faas.Gateway.FunctionUrls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class FunctionUrlsExtensions
{
    /// <summary>Validates <c>Gateway:FunctionUrls</c> and registers what serves function URLs.</summary>
    public static IServiceCollection AddFunctionUrls(this IServiceCollection services, GatewayOptions options)
    {
        var validation = new FunctionUrlOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FunctionUrlAddress>();
        services.TryAddSingleton<FunctionUrlTargets>();
        services.TryAddSingleton<FunctionUrlEndpoint>();
        return services;
    }

    /// <summary>
    /// Serves <c>/lambda-url/{url-id}/...</c> for every method and, with a configured domain, every request addressed to
    /// <c>{url-id}.lambda-url.{region}.{domain}</c>, whatever its path (even one the Lambda API also uses).
    /// </summary>
    public static WebApplication MapFunctionUrls(this WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<FunctionUrlEndpoint>();
        var address = app.Services.GetRequiredService<FunctionUrlAddress>();
        if (address.ServesHostForm)
        {
            app.Use((context, next) => address.IsHostForm(context.Request) ? endpoint.HandleAsync(context) : next(context));
        }

        RequestDelegate handle = endpoint.HandleAsync;
        app.Map(FunctionUrlAddress.PathPrefix + "/{urlId}", handle);
        app.Map(FunctionUrlAddress.PathPrefix + "/{urlId}/{**path}", handle);
        return app;
    }
}
