using Faas.Gateway;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.DependencyInjection;

internal static class InvokeApiExtensions
{
    public static IServiceCollection AddInvokeApi(this IServiceCollection services, GatewayOptions options)
    {
        _ = options;
        return services;
    }

    public static WebApplication MapInvokeApi(this WebApplication app) => app;
}
