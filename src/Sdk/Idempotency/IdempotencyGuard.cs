using System.Text.Json;

namespace Faas.Idempotency;

/// <summary>
/// Idempotency in handler code, with the platform's semantics over the same store: a key runs the handler once;
/// duplicates get the stored result; a handler that throws leaves no record, so a retry runs again.
/// <code>
///   private static readonly IdempotencyGuard Guard = new(IdempotencyStores.Redis(Environment.GetEnvironmentVariable("REDIS")!),
///       new IdempotencyGuardOptions { EventKeyPath = "orderId" });
///
///   public Task&lt;Receipt&gt; Handler(Order order, ILambdaContext context) => Guard.RunAsync(order, (o, ct) => ChargeAsync(o, ct));
/// </code>
/// </summary>
public sealed class IdempotencyGuard
{
    // Without a key path the whole event is the key (members sorted, so the same event always hashes the same).
    private static readonly EventKeyPath WholeEvent = EventKeyPath.Parse("@");

    private readonly IdempotentRunner _runner;
    private readonly IdempotencyGuardOptions _options;
    private readonly EventKeyPath? _keyPath;
    private readonly string _scope;

    public IdempotencyGuard(IIdempotencyStore store, IdempotencyGuardOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _options = options ?? new IdempotencyGuardOptions();
        _keyPath = _options.EventKeyPath is { } path ? EventKeyPath.Parse(path) : null;
        _runner = new IdempotentRunner(store, time);
        var function = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME");
        _scope = $"{(string.IsNullOrEmpty(function) ? "local" : function)}.{_options.Name}";
    }

    /// <summary>Runs <paramref name="handler"/> once per key found in <paramref name="input"/> (by <see cref="IdempotencyGuardOptions.EventKeyPath"/>, else the whole event).</summary>
    public Task<TResult> RunAsync<TEvent, TResult>(TEvent input, Func<TEvent, CancellationToken, Task<TResult>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var json = JsonSerializer.SerializeToUtf8Bytes(input, _options.SerializerOptions);
        var material = (_keyPath ?? WholeEvent).Select(json);
        if (material is null)
        {
            return _options.KeyRequired
                ? throw new IdempotencyKeyException($"No idempotency key at '{_keyPath?.Expression}' in the event.")
                : handler(input, cancellationToken);
        }

        return GuardAsync(IdempotencyKeys.For(_scope, material), json, ct => handler(input, ct), cancellationToken);
    }

    /// <summary>Runs <paramref name="handler"/> once per <paramref name="key"/>; <paramref name="payload"/> is what payload validation compares.</summary>
    public Task<TResult> RunAsync<TResult>(string key, Func<CancellationToken, Task<TResult>> handler, ReadOnlyMemory<byte> payload = default, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(handler);
        return GuardAsync(IdempotencyKeys.For(_scope, key), payload, handler, cancellationToken);
    }

    private async Task<TResult> GuardAsync<TResult>(string key, ReadOnlyMemory<byte> payload, Func<CancellationToken, Task<TResult>> handler, CancellationToken cancellationToken)
    {
        var request = new IdempotencyRequest(key, _options.PayloadValidation ? IdempotencyKeys.Validation(payload.Span) : null, _options.InProgressFor, _options.ExpiresAfter);
        var call = new IdempotentCall(request, _options.WaitFor, _options.FailOpen);
        TResult? produced = default;
        var result = await _runner.RunAsync(call, (Handler: handler, Options: _options), async (s, ct) =>
        {
            produced = await s.Handler(ct).ConfigureAwait(false);
            return new IdempotentRun(true, JsonSerializer.SerializeToUtf8Bytes(produced, s.Options.SerializerOptions));
        }, cancellationToken).ConfigureAwait(false);

        return result.Kind switch
        {
            IdempotentResultKind.Ran => produced!,
            IdempotentResultKind.Replayed => JsonSerializer.Deserialize<TResult>(result.Data.Span, _options.SerializerOptions)!,
            IdempotentResultKind.InProgress => throw new IdempotencyAlreadyInProgressException("Another run with the same idempotency key is in progress."),
            IdempotentResultKind.PayloadMismatch => throw new IdempotencyValidationException("The idempotency key was already used with another payload."),
            _ => throw new IdempotencyPersistenceLayerException("The idempotency store could not be reached.", result.Error!),
        };
    }
}
