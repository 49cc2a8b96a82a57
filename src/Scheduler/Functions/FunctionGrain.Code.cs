using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

internal sealed partial class FunctionGrain
{
    public async Task<RegistryResult<FunctionVersionConfig>> CreateAsync(FunctionSettings settings, StoredPackage code, bool publish, Dictionary<string, string>? tags)
    {
        if ((FunctionValidation.ValidateName(Name) ?? FunctionValidation.ValidateSettings(settings, creating: true) ?? FunctionValidation.ValidateTags(tags)) is { } invalid)
        {
            return invalid;
        }

        if (Exists)
        {
            return Conflict($"Function already exist: {Name}");
        }

        var latest = new FunctionVersionConfig
        {
            FunctionName = Name,
            FunctionArn = _arns.Function(Name),
            Version = Latest,
            Runtime = settings.Runtime!,
            Role = settings.Role,
            Handler = settings.Handler ?? "",
            Description = settings.Description ?? "",
            Timeout = settings.Timeout ?? 3,
            MemorySize = settings.MemorySize ?? 128,
            Environment = settings.Environment ?? [],
            Code = code,
            LastModified = Now,
            RevisionId = NewRevisionId(),
            TracingMode = settings.TracingMode ?? "PassThrough",
            Architecture = settings.Architectures?[0] ?? "x86_64",
            EphemeralStorageSize = settings.EphemeralStorageSize ?? 512,
            LogFormat = settings.LogFormat ?? "Text",
            ApplicationLogLevel = settings.ApplicationLogLevel,
            SystemLogLevel = settings.SystemLogLevel,
            LogGroup = settings.LogGroup ?? $"/aws/lambda/{Name}",
        };

        var next = new FunctionState { Latest = latest, Tags = tags ?? [] };
        var answer = latest;
        if (publish)
        {
            answer = Publish(next, description: null);
        }

        // Listed before it exists: a crash in between leaves a name that readers skip, never a function nobody can list.
        await Index.AddAsync(Name);
        await CommitAsync(next);
        await Index.SetCodeSizeAsync(Name, TotalCodeSize(next));
        Log.FunctionCreated(logger, Name, code.CodeSha256);
        await NotifyPoolAsync();
        return RegistryResult<FunctionVersionConfig>.Ok(answer);
    }

    public Task<RegistryResult<FunctionDetails>> GetAsync(string? qualifier)
    {
        if (!Exists)
        {
            return Task.FromResult<RegistryResult<FunctionDetails>>(FunctionNotFound(qualifier));
        }

        var version = qualifier is null ? Latest : VersionOfQualifier(qualifier);
        if (version is null || ConfigOf(version) is not { } config)
        {
            return Task.FromResult<RegistryResult<FunctionDetails>>(FunctionNotFound(qualifier));
        }

        return Task.FromResult(RegistryResult<FunctionDetails>.Ok(new FunctionDetails
        {
            Configuration = config,
            Tags = Current.Tags,
            ReservedConcurrency = Current.ReservedConcurrency,
        }));
    }

    public async Task<RegistryResult<FunctionVersionConfig>> UpdateCodeAsync(StoredPackage code, bool publish, bool dryRun, string? revisionId)
    {
        if (Current.Latest is not { } latest)
        {
            return FunctionNotFound();
        }

        if (!string.IsNullOrEmpty(revisionId) && revisionId != latest.RevisionId)
        {
            return RevisionMismatch();
        }

        var updated = latest with { Code = code, LastModified = Now, RevisionId = NewRevisionId() };
        if (dryRun)
        {
            return RegistryResult<FunctionVersionConfig>.Ok(updated with { RevisionId = latest.RevisionId });
        }

        var next = Current.Clone();
        next.Latest = updated;
        var answer = publish ? Publish(next, description: null) : updated;
        await CommitAsync(next);
        await Index.SetCodeSizeAsync(Name, TotalCodeSize(next));
        Log.FunctionUpdated(logger, Name, updated.RevisionId);
        await NotifyPoolAsync();
        return RegistryResult<FunctionVersionConfig>.Ok(answer);
    }

    public async Task<RegistryResult<FunctionVersionConfig>> UpdateConfigurationAsync(FunctionSettings settings, string? revisionId)
    {
        if (Current.Latest is not { } latest)
        {
            return FunctionNotFound();
        }

        if (FunctionValidation.ValidateSettings(settings, creating: false) is { } invalid)
        {
            return invalid;
        }

        if (!string.IsNullOrEmpty(revisionId) && revisionId != latest.RevisionId)
        {
            return RevisionMismatch();
        }

        var updated = latest with
        {
            Runtime = settings.Runtime ?? latest.Runtime,
            Role = settings.Role ?? latest.Role,
            Handler = settings.Handler ?? latest.Handler,
            Description = settings.Description ?? latest.Description,
            Timeout = settings.Timeout ?? latest.Timeout,
            MemorySize = settings.MemorySize ?? latest.MemorySize,
            Environment = settings.Environment ?? latest.Environment,
            TracingMode = settings.TracingMode ?? latest.TracingMode,
            Architecture = settings.Architectures?[0] ?? latest.Architecture,
            EphemeralStorageSize = settings.EphemeralStorageSize ?? latest.EphemeralStorageSize,
            LogFormat = settings.LogFormat ?? latest.LogFormat,
            ApplicationLogLevel = settings.ApplicationLogLevel ?? latest.ApplicationLogLevel,
            SystemLogLevel = settings.SystemLogLevel ?? latest.SystemLogLevel,
            LogGroup = settings.LogGroup ?? latest.LogGroup,
            LastModified = Now,
            RevisionId = NewRevisionId(),
        };
        if (updated.Handler.Length == 0 && !FunctionValidation.IsCustomRuntime(updated.Runtime))
        {
            return Invalid("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }

        var next = Current.Clone();
        next.Latest = updated;
        await CommitAsync(next);
        Log.FunctionUpdated(logger, Name, updated.RevisionId);
        await NotifyPoolAsync();
        return RegistryResult<FunctionVersionConfig>.Ok(updated);
    }

    public async Task<RegistryError?> DeleteAsync(string? qualifier)
    {
        if (!Exists)
        {
            return FunctionNotFound();
        }

        if (qualifier is null)
        {
            await DeleteFunctionAsync();
            return null;
        }

        if (qualifier == Latest)
        {
            return Invalid("$LATEST version cannot be deleted without deleting the function.");
        }

        if (!FunctionValidation.IsVersionNumber(qualifier))
        {
            return Current.Aliases.ContainsKey(qualifier)
                ? Invalid($"Qualifier '{qualifier}' is an alias; delete it with DeleteAlias.")
                : FunctionNotFound(qualifier);
        }

        if (!Current.Versions.ContainsKey(qualifier))
        {
            return FunctionNotFound(qualifier);
        }

        var referencing = Current.Aliases.Values
            .Where(alias => alias.FunctionVersion == qualifier || alias.AdditionalVersionWeights.ContainsKey(qualifier))
            .Select(alias => alias.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (referencing.Count > 0)
        {
            return Conflict($"Unable to delete version because the following aliases reference it: [{string.Join(", ", referencing)}]");
        }

        var next = Current.Clone();
        next.Versions.Remove(qualifier);
        next.Provisioned.Remove(qualifier);
        next.EventInvokeConfigs.Remove(qualifier);
        await CommitAsync(next);
        await Index.SetCodeSizeAsync(Name, TotalCodeSize(next));
        Log.VersionDeleted(logger, Name, qualifier);
        await NotifyPoolAsync();
        return null;
    }

    public async Task<RegistryResult<FunctionVersionConfig>> PublishVersionAsync(string? codeSha256, string? description, string? revisionId)
    {
        if (Current.Latest is not { } latest)
        {
            return FunctionNotFound();
        }

        if (description is { Length: > 256 })
        {
            return Invalid($"1 validation error detected: Value '{description}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
        }

        if (!string.IsNullOrEmpty(revisionId) && revisionId != latest.RevisionId)
        {
            return RevisionMismatch();
        }

        if (!string.IsNullOrEmpty(codeSha256) && codeSha256 != latest.Code.CodeSha256)
        {
            return Invalid($"CodeSHA256 ({codeSha256}) is different from current CodeSHA256 in $LATEST ({latest.Code.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.");
        }

        // Lambda publishes nothing new when $LATEST has not changed since the last version: it answers that version.
        if (Current.PublishedRevisionId == latest.RevisionId
            && Current.Versions.TryGetValue(Current.LastVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), out var unchanged))
        {
            return RegistryResult<FunctionVersionConfig>.Ok(unchanged);
        }

        var next = Current.Clone();
        var published = Publish(next, description);
        await CommitAsync(next);
        await Index.SetCodeSizeAsync(Name, TotalCodeSize(next));
        await NotifyPoolAsync();
        return RegistryResult<FunctionVersionConfig>.Ok(published);
    }

    public Task<RegistryResult<List<FunctionVersionConfig>>> ListVersionsAsync()
    {
        if (Current.Latest is not { } latest)
        {
            return Task.FromResult<RegistryResult<List<FunctionVersionConfig>>>(FunctionNotFound());
        }

        List<FunctionVersionConfig> versions = [latest, .. Current.Versions.Values.OrderBy(version => long.Parse(version.Version, System.Globalization.CultureInfo.InvariantCulture))];
        return Task.FromResult(RegistryResult<List<FunctionVersionConfig>>.Ok(versions));
    }

    /// <summary>Adds the next version, a copy of <c>$LATEST</c>, to <paramref name="next"/> (not yet stored).</summary>
    private FunctionVersionConfig Publish(FunctionState next, string? description)
    {
        var latest = next.Latest!;
        var number = (next.LastVersion + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var version = latest with
        {
            Version = number,
            FunctionArn = _arns.Qualified(Name, number),
            Description = description ?? latest.Description,
            LastModified = Now,
            RevisionId = NewRevisionId(),
        };
        next.Versions[number] = version;
        next.LastVersion++;
        next.PublishedRevisionId = latest.RevisionId;
        Log.VersionPublished(logger, Name, number);
        return version;
    }

    private async Task DeleteFunctionAsync()
    {
        // URLs stop answering first, so nothing is served for a function that is going away.
        foreach (var url in Current.Urls.Values)
        {
            await UrlWriter(url.UrlId).SetAsync(null);
        }

        await state.ClearStateAsync();
        await Index.RemoveAsync(Name);
        Log.FunctionDeleted(logger, Name);
        await NotifyPoolAsync();
    }
}
