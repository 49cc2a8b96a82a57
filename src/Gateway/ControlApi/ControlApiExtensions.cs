using Faas.Gateway;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.DependencyInjection;

internal static class ControlApiExtensions
{
    public static IServiceCollection AddControlApi(this IServiceCollection services, GatewayOptions options)
    {
        _ = options;
        return services;
    }

    public static WebApplication MapControlApi(this WebApplication app) => app;
}
