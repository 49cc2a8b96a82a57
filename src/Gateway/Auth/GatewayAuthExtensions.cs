using Faas.Gateway;
using Faas.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static partial class GatewayAuthExtensions
{
    /// <summary>Validates <c>Gateway:Auth</c> (keys are required off loopback) and registers the request authenticator.</summary>
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services, GatewayOptions options)
    {
        var validation = new AuthOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RequestAuthenticator>();
        return services;
    }

    /// <summary>Adds signature verification in front of routing when keys are configured; an open gateway adds nothing.</summary>
    public static WebApplication UseGatewayAuth(this WebApplication app)
    {
        var authenticator = app.Services.GetRequiredService<RequestAuthenticator>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestAuthenticator).FullName!);
        if (!authenticator.Enforcing)
        {
            Log.AuthOpen(logger);
            return app;
        }

        Log.AuthEnforced(logger, authenticator.KeyCount);
        app.UseMiddleware<GatewayAuthMiddleware>();
        return app;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3710, EventName = "AuthOpen", Level = LogLevel.Information,
            Message = "No access keys are configured: the gateway (on loopback) accepts any credentials and unsigned requests.")]
        public static partial void AuthOpen(ILogger logger);

        [LoggerMessage(EventId = 3711, EventName = "AuthEnforced", Level = LogLevel.Information,
            Message = "Requests must be signed (AWS Signature Version 4) with one of {KeyCount} configured access keys.")]
        public static partial void AuthEnforced(ILogger logger, int keyCount);
    }
}
