namespace Faas.Worker.Packages;

/// <summary>An environment's use of an unpacked package: while it is held, the package's folder is not removed.</summary>
internal sealed class PackageLease : IDisposable
{
    private readonly string _key;
    private readonly PackageStore.UnpackedPackage _package;
    private PackageStore? _store;

    internal PackageLease(PackageStore store, string key, PackageStore.UnpackedPackage package, string taskRoot)
    {
        _store = store;
        _key = key;
        _package = package;
        TaskRoot = taskRoot;
    }

    /// <summary>The folder holding the unpacked zip.</summary>
    public string TaskRoot { get; }

    /// <summary>Ends the use; later calls do nothing.</summary>
    public void Dispose() => Interlocked.Exchange(ref _store, null)?.Release(_key, _package);
}
