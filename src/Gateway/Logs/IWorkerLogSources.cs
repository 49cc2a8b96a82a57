namespace Faas.Gateway.Logs;

/// <summary>The workers whose logs the function logs API reads: their invoke listeners' base addresses.</summary>
public interface IWorkerLogSources
{
    /// <summary>The invoke base address of every worker that answered (e.g. <c>http://10.0.0.5:7000/</c>).</summary>
    Task<IReadOnlyList<Uri>> GetWorkersAsync(CancellationToken cancellationToken);

    /// <summary>Tells the sources that a worker did not answer, so its address is looked up again next time.</summary>
    void Invalidate(Uri worker);
}
