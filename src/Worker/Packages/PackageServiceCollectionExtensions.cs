using Faas.Worker;
using Faas.Worker.Packages;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The worker's unpacked packages: the store environments lease task roots from, and the sweep that removes unused ones.</summary>
internal static class PackageServiceCollectionExtensions
{
    public static IServiceCollection AddPackages(this IServiceCollection services, WorkerOptions options)
    {
        var validation = new PackageOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(WorkerOptions.SectionName, typeof(WorkerOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new PackageStore(
            Path.Combine(sp.GetRequiredService<WorkerOptions>().DataDirectory, "packages"),
            sp.GetRequiredService<WorkerOptions>().Packages,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PackageStore>>()));
        services.AddHostedService<UnusedPackageSweeper>();
        return services;
    }
}
