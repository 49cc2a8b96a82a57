using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

internal sealed partial class FunctionGrain
{
    public Task<RegistryResult<Dictionary<string, string>>> ListTagsAsync()
        => Task.FromResult(Exists ? RegistryResult<Dictionary<string, string>>.Ok(Current.Tags) : FunctionNotFound());

    public async Task<RegistryError?> TagAsync(Dictionary<string, string> tags)
    {
        if (!Exists)
        {
            return FunctionNotFound();
        }

        var added = tags.Keys.Count(key => !Current.Tags.ContainsKey(key));
        if (FunctionValidation.ValidateTags(tags, Current.Tags.Count + added - tags.Count) is { } invalid)
        {
            return invalid;
        }

        var next = Current.Clone();
        foreach (var (key, value) in tags)
        {
            next.Tags[key] = value;
        }

        await CommitAsync(next);
        return null;
    }

    public async Task<RegistryError?> UntagAsync(List<string> keys)
    {
        if (!Exists)
        {
            return FunctionNotFound();
        }

        var next = Current.Clone();
        foreach (var key in keys)
        {
            next.Tags.Remove(key);
        }

        await CommitAsync(next);
        return null;
    }
}
