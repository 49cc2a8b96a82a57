using Faas.Gateway.Auth;
using Faas.Gateway.ControlApi.Json;
using Faas.Gateway.Errors;
using Faas.Gateway.Idempotency;
using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>CreateFunction, GetFunction(Configuration), ListFunctions, UpdateFunctionCode/Configuration, DeleteFunction and the code download.</summary>
internal static class FunctionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/2015-03-31/functions", CreateAsync);
        routes.MapGet("/2015-03-31/functions", ListAsync);
        routes.MapGet("/2015-03-31/functions/{functionName}", GetAsync);
        routes.MapGet("/2015-03-31/functions/{functionName}/configuration", GetConfigurationAsync);
        routes.MapGet("/2015-03-31/functions/{functionName}/code-package", DownloadCodeAsync);
        routes.MapPut("/2015-03-31/functions/{functionName}/code", UpdateCodeAsync);
        routes.MapPut("/2015-03-31/functions/{functionName}/configuration", UpdateConfigurationAsync);
        routes.MapDelete("/2015-03-31/functions/{functionName}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IGrainFactory grains, PackageStore packages)
    {
        var (request, readError) = await ControlApiHttp.ReadAsync<CreateFunctionRequest>(context, "CreateFunction");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        if (!FunctionNames.TryParse(request.FunctionName, out var name, out var qualifier))
        {
            return ControlApiHttp.Error(FunctionNames.InvalidFunctionName(request.FunctionName));
        }

        if (qualifier is not null)
        {
            return ControlApiHttp.Error(LambdaError.InvalidParameterValue($"A qualifier ('{qualifier}') is not allowed in the name of a function being created."));
        }

        var settings = new FunctionSettings
        {
            Runtime = request.Runtime,
            Role = request.Role,
            Handler = request.Handler,
            Description = request.Description,
            Timeout = request.Timeout,
            MemorySize = request.MemorySize,
            Environment = request.Environment is null ? null : request.Environment.Variables ?? [],
            TracingMode = request.TracingConfig?.Mode,
            Architectures = request.Architectures,
            EphemeralStorageSize = request.EphemeralStorage?.Size,
            LogFormat = request.LoggingConfig?.LogFormat,
            ApplicationLogLevel = request.LoggingConfig?.ApplicationLogLevel,
            SystemLogLevel = request.LoggingConfig?.SystemLogLevel,
            LogGroup = request.LoggingConfig?.LogGroup,
        };
        var refused = FunctionValidation.ValidateName(name)?.ToLambdaError()
            ?? CheckPackageType(request.PackageType)
            ?? CheckLayers(request.Layers)
            ?? CheckCodeSource(request.Code?.ZipFile, request.Code?.S3Bucket, request.Code?.S3Key, request.Code?.S3ObjectVersion, request.Code?.ImageUri)
            ?? FunctionValidation.ValidateSettings(settings, creating: true)?.ToLambdaError()
            ?? FunctionValidation.ValidateTags(request.Tags)?.ToLambdaError()
            ?? PackageStore.Check(request.Code!.ZipFile!, "CreateFunction");
        if (refused is not null)
        {
            return ControlApiHttp.Error(refused);
        }

        var code = await packages.StoreAsync(request.Code!.ZipFile!, context.RequestAborted);
        var result = await grains.GetGrain<IFunctionGrain>(name).CreateAsync(settings, code, request.Publish ?? false, request.Tags);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape(), StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string functionName, IGrainFactory grains, RequestAuthenticator authenticator)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetAsync(qualifier);
        if (result.Error is { } error)
        {
            return ControlApiHttp.Error(error);
        }

        var details = result.Value!;
        var version = details.Configuration.Version;
        // Presigned with the caller's key when keys are enforced, so a plain download works for 10 minutes, as Lambda's S3 URL does.
        var location = authenticator.Presign(
            context, $"{ControlApiHttp.BaseUrl(context.Request)}2015-03-31/functions/{name}/code-package{(version == "$LATEST" ? "" : $"?Qualifier={version}")}", TimeSpan.FromMinutes(10));
        return ControlApiHttp.Ok(new GetFunctionResponse
        {
            Configuration = details.Configuration.ToShape(),
            Code = new FunctionCodeLocationShape { Location = location },
            Tags = details.Tags.Count == 0 ? null : details.Tags,
            Concurrency = details.ReservedConcurrency is null ? null : new ConcurrencyShape { ReservedConcurrentExecutions = details.ReservedConcurrency },
        });
    }

    private static async Task<IResult> GetConfigurationAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetAsync(qualifier);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.Configuration.ToShape());
    }

    // The Location GetFunction answers: Lambda's is a presigned S3 URL, ours downloads the zip from this gateway.
    private static async Task<IResult> DownloadCodeAsync(HttpContext context, string functionName, IGrainFactory grains, PackageStore packages)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var result = await grains.GetGrain<IFunctionGrain>(name).GetAsync(qualifier);
        if (result.Error is { } error)
        {
            return ControlApiHttp.Error(error);
        }

        var path = result.Value!.Configuration.Code.Path;
        if (!packages.Owns(path) || !File.Exists(path))
        {
            return ControlApiHttp.Error(LambdaError.Service($"The code package of {result.Value.Configuration.FunctionArn} is missing from the package store."));
        }

        return TypedResults.PhysicalFile(path, "application/zip", $"{name}.zip");
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains)
    {
        var query = context.Request.Query;
        var allVersions = false;
        if (query["FunctionVersion"].ToString() is { Length: > 0 } functionVersion)
        {
            if (functionVersion != "ALL")
            {
                return ControlApiHttp.Error(LambdaError.InvalidParameterValue($"1 validation error detected: Value '{functionVersion}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]"));
            }

            allVersions = true;
        }

        if (ControlApiHttp.PageSize(context.Request, out var pageSize) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        if (!ControlApiHttp.TryReadMarker(context.Request, out var marker) || !ListMarker.TryParse(marker, out var start))
        {
            return ControlApiHttp.Error(ControlApiHttp.InvalidMarker());
        }

        var index = grains.GetGrain<IFunctionIndexGrain>(IFunctionIndexGrain.Key);
        var functions = new List<FunctionConfigurationShape>(pageSize);
        string? nextMarker = null;
        var from = start.Name;
        while (nextMarker is null)
        {
            var names = await index.ListAsync(from, pageSize + 1);
            var configs = await Task.WhenAll(names.Names.Select(name => ConfigurationsAsync(grains, name, allVersions)));
            for (var n = 0; n < names.Names.Count && nextMarker is null; n++)
            {
                var name = names.Names[n];
                for (var i = name == start.Name ? start.Skip : 0; i < configs[n].Count; i++)
                {
                    if (functions.Count == pageSize)
                    {
                        nextMarker = ControlApiHttp.EncodeMarker(new ListMarker(name, i).ToString());
                        break;
                    }

                    functions.Add(configs[n][i].ToShape());
                }
            }

            if (!names.More || names.Names.Count == 0)
            {
                break;
            }

            // Names hold no NUL, so this is the first string after the last name.
            from = names.Names[^1] + "\0";
        }

        return ControlApiHttp.Ok(new ListFunctionsResponse { Functions = functions, NextMarker = nextMarker });
    }

    private static async Task<IReadOnlyList<FunctionVersionConfig>> ConfigurationsAsync(IGrainFactory grains, string name, bool allVersions)
    {
        var grain = grains.GetGrain<IFunctionGrain>(name);
        if (allVersions)
        {
            return (await grain.ListVersionsAsync()).Value ?? [];
        }

        // A listed name whose function is gone (or not yet written) is skipped.
        return (await grain.GetAsync(null)).Value is { } details ? [details.Configuration] : [];
    }

    private static async Task<IResult> UpdateCodeAsync(HttpContext context, string functionName, IGrainFactory grains, PackageStore packages)
    {
        if (UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<UpdateFunctionCodeRequest>(context, "UpdateFunctionCode");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var refused = CheckCodeSource(request.ZipFile, request.S3Bucket, request.S3Key, request.S3ObjectVersion, request.ImageUri)
            ?? FunctionValidation.ValidateSettings(new FunctionSettings { Architectures = request.Architectures }, creating: false)?.ToLambdaError()
            ?? PackageStore.Check(request.ZipFile!, "UpdateFunctionCode");
        if (refused is not null)
        {
            return ControlApiHttp.Error(refused);
        }

        var dryRun = request.DryRun ?? false;
        var code = dryRun
            ? packages.Describe(request.ZipFile!)
            : await packages.StoreAsync(request.ZipFile!, context.RequestAborted);
        var result = await grains.GetGrain<IFunctionGrain>(name).UpdateCodeAsync(code, request.Publish ?? false, dryRun, request.RevisionId);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape());
    }

    private static async Task<IResult> UpdateConfigurationAsync(HttpContext context, string functionName, IGrainFactory grains)
    {
        if (UnqualifiedName(functionName, out var name) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var (request, readError) = await ControlApiHttp.ReadAsync<UpdateFunctionConfigurationRequest>(context, "UpdateFunctionConfiguration");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        if (CheckLayers(request.Layers) is { } layers)
        {
            return ControlApiHttp.Error(layers);
        }

        var settings = new FunctionSettings
        {
            Runtime = request.Runtime,
            Role = request.Role,
            Handler = request.Handler,
            Description = request.Description,
            Timeout = request.Timeout,
            MemorySize = request.MemorySize,
            Environment = request.Environment is null ? null : request.Environment.Variables ?? [],
            TracingMode = request.TracingConfig?.Mode,
            EphemeralStorageSize = request.EphemeralStorage?.Size,
            LogFormat = request.LoggingConfig?.LogFormat,
            ApplicationLogLevel = request.LoggingConfig?.ApplicationLogLevel,
            SystemLogLevel = request.LoggingConfig?.SystemLogLevel,
            LogGroup = request.LoggingConfig?.LogGroup,
        };
        var result = await grains.GetGrain<IFunctionGrain>(name).UpdateConfigurationAsync(settings, request.RevisionId);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(result.Value!.ToShape());
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string functionName, IGrainFactory grains, IdempotentInvocations idempotency)
    {
        if (FunctionNames.Parse(functionName, context.Request.Query["Qualifier"], out var name, out var qualifier) is { } invalid)
        {
            return ControlApiHttp.Error(invalid);
        }

        var error = await grains.GetGrain<IFunctionGrain>(name).DeleteAsync(qualifier);
        if (error is not null)
        {
            return ControlApiHttp.Error(error);
        }

        // The idempotency config went with the function; its records go too, so a new function of the name starts clean.
        if (qualifier is null)
        {
            await idempotency.ForgetFunctionAsync(name);
        }

        return Results.NoContent();
    }

    /// <summary>A FunctionName for an operation on the function itself, where a qualifier has no meaning.</summary>
    internal static LambdaError? UnqualifiedName(string functionName, out string name)
    {
        if (FunctionNames.Parse(functionName, null, out name, out var qualifier) is { } invalid)
        {
            return invalid;
        }

        return qualifier is null ? null : LambdaError.InvalidParameterValue($"This operation does not take a qualified function name; remove ':{qualifier}'.");
    }

    private static LambdaError? CheckCodeSource(byte[]? zipFile, string? s3Bucket, string? s3Key, string? s3ObjectVersion, string? imageUri)
    {
        if (s3Bucket is not null || s3Key is not null || s3ObjectVersion is not null || imageUri is not null)
        {
            return LambdaError.InvalidParameterValue("Only ZipFile is supported as the source of function code; S3Bucket, S3Key, S3ObjectVersion and ImageUri are not.");
        }

        return zipFile is null ? LambdaError.InvalidParameterValue("Please provide a source for function code.") : null;
    }

    private static LambdaError? CheckPackageType(string? packageType)
        => packageType is null or "Zip" ? null : LambdaError.InvalidParameterValue($"PackageType '{packageType}' is not supported; only Zip packages are.");

    private static LambdaError? CheckLayers(List<string>? layers)
        => layers is null or { Count: 0 } ? null : LambdaError.InvalidParameterValue("Layers are not supported; include what they carry in the deployment package.");

    /// <summary>Where a ListFunctions page starts: a function name and how many of its configurations the last page took.</summary>
    private readonly record struct ListMarker(string? Name, int Skip)
    {
        public static bool TryParse(string? marker, out ListMarker start)
        {
            start = default;
            if (marker is null)
            {
                return true;
            }

            var separator = marker.LastIndexOf('\n');
            if (separator < 0 || !int.TryParse(marker.AsSpan(separator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var skip))
            {
                return false;
            }

            start = new ListMarker(marker[..separator], skip);
            return true;
        }

        public override string ToString() => $"{Name}\n{Skip.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
