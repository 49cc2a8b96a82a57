using Faas.Gateway;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.DependencyInjection;

internal static class GatewayAuthExtensions
{
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services, GatewayOptions options)
    {
        _ = options;
        return services;
    }

    public static WebApplication UseGatewayAuth(this WebApplication app) => app;
}
