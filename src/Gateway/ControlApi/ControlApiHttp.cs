using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.ControlApi;

/// <summary>How the control API reads bodies and writes answers: Lambda's PascalCase JSON without null members.</summary>
internal static class ControlApiHttp
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private const long LargeBodyBytes = 64 * 1024;

    /// <summary>Reads a JSON body; an empty body reads as <c>{}</c>. A malformed one is Lambda's <c>InvalidRequestContentException</c>.</summary>
    public static async Task<(T? Value, LambdaError? Error)> ReadAsync<T>(HttpContext context, string operation)
        where T : class, new()
    {
        var request = context.Request;
        if (request.ContentLength == 0)
        {
            return (new T(), null);
        }

        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length == 0)
            {
                return (new T(), null);
            }

            if (buffer.Length > LargeBodyBytes)
            {
                // Socket completions may run on Kestrel's I/O threads (Gateway:InlineSocketCompletions): parsing a code
                // upload there, and checking its zip after, would hold up every connection on that thread.
                await Task.Yield();
            }

            buffer.Position = 0;
            return (await JsonSerializer.DeserializeAsync<T>(buffer, Json, context.RequestAborted) ?? new T(), null);
        }
        catch (JsonException exception)
        {
            return (null, LambdaError.InvalidRequestContent($"Could not parse request body into json: {exception.Message}"));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, PackageStore.TooLarge(operation));
        }
    }

    public static IResult Ok<T>(T value, int statusCode = StatusCodes.Status200OK) => Results.Json(value, Json, "application/json", statusCode);

    public static IResult Error(LambdaError error) => new ErrorResult(error);

    public static IResult Error(RegistryError error) => new ErrorResult(error.ToLambdaError());

    /// <summary>
    /// A read or change of one function's qualified sub-resource (<c>?Qualifier=</c>): the name and qualifier parsed (bad
    /// ones answered at once), the function's grain called, and its value shaped into the answer or its error mapped.
    /// </summary>
    public static async Task<IResult> QualifiedAsync<T, TShape>(
        HttpContext context, string functionName, IGrainFactory grains, Func<IFunctionGrain, string?, Task<RegistryResult<T>>> call, Func<T, TShape> shape, int statusCode = StatusCodes.Status200OK)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return Error(invalid);
        }

        var result = await call(grains.GetGrain<IFunctionGrain>(name), qualifier);
        return result.Error is { } error ? Error(error) : Ok(shape(result.Value!), statusCode);
    }

    /// <summary>As <see cref="QualifiedAsync{T, TShape}"/> for a change with a JSON body, read after the name is checked.</summary>
    public static async Task<IResult> QualifiedWriteAsync<TRequest, T, TShape>(
        HttpContext context, string functionName, IGrainFactory grains, string operation, Func<IFunctionGrain, string?, TRequest, Task<RegistryResult<T>>> call, Func<T, TShape> shape, int statusCode = StatusCodes.Status200OK)
        where TRequest : class, new()
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return Error(invalid);
        }

        var (request, readError) = await ReadAsync<TRequest>(context, operation);
        if (request is null)
        {
            return Error(readError!);
        }

        var result = await call(grains.GetGrain<IFunctionGrain>(name), qualifier, request);
        return result.Error is { } error ? Error(error) : Ok(shape(result.Value!), statusCode);
    }

    /// <summary>As <see cref="QualifiedAsync{T, TShape}"/> for a delete: 204 when done.</summary>
    public static async Task<IResult> QualifiedDeleteAsync(HttpContext context, string functionName, IGrainFactory grains, Func<IFunctionGrain, string?, Task<RegistryError?>> call)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return Error(invalid);
        }

        var error = await call(grains.GetGrain<IFunctionGrain>(name), qualifier);
        return error is null ? Results.NoContent() : Error(error);
    }

    /// <summary>
    /// A list of one function's sub-resources (the name takes no qualifier), ordered by <paramref name="key"/>, one page
    /// of it (<c>MaxItems</c>, <c>Marker</c>) answered by <paramref name="respond"/> with the next marker.
    /// </summary>
    public static async Task<IResult> ListAsync<T, TResponse>(
        HttpContext context, string functionName, IGrainFactory grains, Func<IFunctionGrain, Task<RegistryResult<List<T>>>> call, Func<T, string> key, Func<List<T>, string?, TResponse> respond)
    {
        if (FunctionEndpoints.UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return Error(invalid);
        }

        var result = await call(grains.GetGrain<IFunctionGrain>(name));
        if (result.Error is { } error)
        {
            return Error(error);
        }

        if (Page(context.Request, result.Value!, key, out var page, out var nextMarker) is { } badPage)
        {
            return Error(badPage);
        }

        return Ok(respond(page, nextMarker));
    }

    /// <summary>This gateway's address as the caller reached it, for URLs the caller follows (code download, function URLs).</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}/";

    /// <summary>Lambda's timestamp text, e.g. <c>2020-04-10T19:06:32.563+0000</c>.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    /// <summary><c>MaxItems</c>: 1-10000; Lambda returns at most 50 per page whatever is asked.</summary>
    public static LambdaError? PageSize(HttpRequest request, out int pageSize)
    {
        pageSize = 50;
        var raw = request.Query["MaxItems"].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) || asked is < 1 or > 10000)
        {
            return LambdaError.InvalidParameterValue($"1 validation error detected: Value '{raw}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
        }

        pageSize = Math.Min(asked, 50);
        return null;
    }

    /// <summary>
    /// One page of an ordered list: the items whose key is at or after the marker's. The marker names the first item of
    /// the next page, so an item deleted between pages skips nothing.
    /// </summary>
    public static LambdaError? Page<T>(HttpRequest request, IReadOnlyList<T> items, Func<T, string> key, out List<T> page, out string? nextMarker)
    {
        page = [];
        nextMarker = null;
        if (PageSize(request, out var pageSize) is { } invalid)
        {
            return invalid;
        }

        if (!TryReadMarker(request, out var from))
        {
            return InvalidMarker();
        }

        foreach (var item in items)
        {
            var itemKey = key(item);
            if (from is not null && string.CompareOrdinal(itemKey, from) < 0)
            {
                continue;
            }

            if (page.Count == pageSize)
            {
                nextMarker = EncodeMarker(itemKey);
                break;
            }

            page.Add(item);
        }

        return null;
    }

    public static bool TryReadMarker(HttpRequest request, out string? marker)
    {
        marker = null;
        var raw = request.Query["Marker"].ToString();
        if (raw.Length == 0)
        {
            return true;
        }

        try
        {
            marker = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(raw));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string EncodeMarker(string key) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key));

    public static LambdaError InvalidMarker() => LambdaError.InvalidParameterValue("Invalid Marker: it must be a NextMarker of an earlier page.");

    private sealed class ErrorResult(LambdaError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => error.WriteAsync(httpContext);
    }
}
