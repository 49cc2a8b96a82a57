using Faas.Scheduler.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Orleans.Hosting;

/// <summary>Registers <see cref="FileGrainStorage"/> with a silo.</summary>
internal static class FileGrainStorageExtensions
{
    /// <summary>Adds a named grain storage provider that keeps state in files under <paramref name="folder"/>.</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder silo, string name, string folder)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
            new FileGrainStorage(folder, services.GetRequiredService<IGrainStorageSerializer>()));
        return silo;
    }
}
