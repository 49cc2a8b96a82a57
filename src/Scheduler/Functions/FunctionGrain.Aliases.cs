using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

internal sealed partial class FunctionGrain
{
    public async Task<RegistryResult<AliasConfig>> CreateAliasAsync(string name, AliasSettings settings)
    {
        if ((FunctionValidation.ValidateAliasName(name) ?? FunctionValidation.ValidateAliasSettings(settings)) is { } invalid)
        {
            return invalid;
        }

        if (settings.FunctionVersion is null)
        {
            return Invalid("1 validation error detected: Value null at 'functionVersion' failed to satisfy constraint: Member must not be null");
        }

        if (!Exists)
        {
            return FunctionNotFound();
        }

        if (Current.Aliases.ContainsKey(name))
        {
            return Conflict($"Alias already exists: {_arns.Qualified(Name, name)}");
        }

        var alias = new AliasConfig
        {
            Name = name,
            AliasArn = _arns.Qualified(Name, name),
            FunctionVersion = settings.FunctionVersion,
            Description = settings.Description ?? "",
            AdditionalVersionWeights = settings.AdditionalVersionWeights ?? [],
            RevisionId = NewRevisionId(),
        };
        if (CheckAliasTarget(alias) is { } refused)
        {
            return refused;
        }

        var next = Current.Clone();
        next.Aliases[name] = alias;
        await CommitAsync(next);
        await NotifyPoolAsync();
        return RegistryResult<AliasConfig>.Ok(alias);
    }

    public Task<RegistryResult<AliasConfig>> GetAliasAsync(string name)
    {
        if (!Exists)
        {
            return Task.FromResult<RegistryResult<AliasConfig>>(FunctionNotFound());
        }

        return Task.FromResult(Current.Aliases.TryGetValue(name, out var alias)
            ? RegistryResult<AliasConfig>.Ok(alias)
            : AliasNotFound(name));
    }

    public async Task<RegistryResult<AliasConfig>> UpdateAliasAsync(string name, AliasSettings settings, string? revisionId)
    {
        if (FunctionValidation.ValidateAliasSettings(settings) is { } invalid)
        {
            return invalid;
        }

        if (!Exists)
        {
            return FunctionNotFound();
        }

        if (!Current.Aliases.TryGetValue(name, out var alias))
        {
            return AliasNotFound(name);
        }

        if (!string.IsNullOrEmpty(revisionId) && revisionId != alias.RevisionId)
        {
            return RevisionMismatch();
        }

        var updated = alias with
        {
            FunctionVersion = settings.FunctionVersion ?? alias.FunctionVersion,
            Description = settings.Description ?? alias.Description,
            AdditionalVersionWeights = settings.AdditionalVersionWeights ?? alias.AdditionalVersionWeights,
            RevisionId = NewRevisionId(),
        };
        if (CheckAliasTarget(updated) is { } refused)
        {
            return refused;
        }

        if (updated.FunctionVersion == Latest && Current.Provisioned.ContainsKey(name))
        {
            return Invalid("Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }

        var next = Current.Clone();
        next.Aliases[name] = updated;
        await CommitAsync(next);
        await NotifyPoolAsync();
        return RegistryResult<AliasConfig>.Ok(updated);
    }

    public async Task<RegistryError?> DeleteAliasAsync(string name)
    {
        // DeleteAlias answers success for an alias (or function) that is not there, as Lambda's does.
        if (!Current.Aliases.ContainsKey(name))
        {
            return null;
        }

        if (Current.Urls.TryGetValue(name, out var url))
        {
            await UrlWriter(url.UrlId).SetAsync(null);
        }

        var next = Current.Clone();
        next.Aliases.Remove(name);
        next.Provisioned.Remove(name);
        next.Urls.Remove(name);
        next.EventInvokeConfigs.Remove(name);
        await CommitAsync(next);
        await NotifyPoolAsync();
        return null;
    }

    public Task<RegistryResult<List<AliasConfig>>> ListAliasesAsync(string? functionVersion)
    {
        if (!Exists)
        {
            return Task.FromResult<RegistryResult<List<AliasConfig>>>(FunctionNotFound());
        }

        var aliases = Current.Aliases.Values
            .Where(alias => functionVersion is null || alias.FunctionVersion == functionVersion)
            .OrderBy(alias => alias.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(RegistryResult<List<AliasConfig>>.Ok(aliases));
    }

    /// <summary>The alias's versions exist, and routing goes to a second published version.</summary>
    private RegistryError? CheckAliasTarget(AliasConfig alias)
    {
        if (ConfigOf(alias.FunctionVersion) is null)
        {
            return FunctionNotFound(alias.FunctionVersion);
        }

        if (alias.AdditionalVersionWeights.Count == 0)
        {
            return null;
        }

        var additional = alias.AdditionalVersionWeights.Keys.First();
        if (alias.FunctionVersion == Latest)
        {
            return Invalid("$LATEST is not supported for an alias pointing to more than 1 version");
        }

        if (additional == alias.FunctionVersion)
        {
            return Invalid($"Invalid function version {additional}. Function version {additional} is already included in routing configuration.");
        }

        return ConfigOf(additional) is null ? FunctionNotFound(additional) : null;
    }
}
