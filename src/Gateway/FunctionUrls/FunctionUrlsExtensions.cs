using Faas.Gateway;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.DependencyInjection;

internal static class FunctionUrlsExtensions
{
    public static IServiceCollection AddFunctionUrls(this IServiceCollection services, GatewayOptions options)
    {
        _ = options;
        return services;
    }

    public static WebApplication MapFunctionUrls(this WebApplication app) => app;
}
