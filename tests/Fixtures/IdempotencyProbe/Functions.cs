using System.Text;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;
using Amazon.Lambda.Serialization.SystemTextJson;

[assembly: LambdaSerializer(typeof(DefaultLambdaJsonSerializer))]

namespace IdempotencyProbe;

/// <summary>What a run is asked to do.</summary>
public class RunRequest
{
    /// <summary>Names the file the run is counted in: <c>$PROBE_RUNS_DIR/{Id}.runs</c>.</summary>
    public string Id { get; set; } = "default";

    /// <summary>How long the run takes.</summary>
    public int SleepMs { get; set; }

    /// <summary>The first this many runs of <see cref="Id"/> throw.</summary>
    public int FailRuns { get; set; }

    /// <summary>Anything; lets a test send another payload with the same key.</summary>
    public string? Note { get; set; }
}

public class RunResult
{
    public string Id { get; set; } = "";

    public int Run { get; set; }

    public string RequestId { get; set; } = "";
}

public class Functions
{
    /// <summary>Counts the run, waits, fails the first FailRuns runs, and answers which run (and request) it was.</summary>
    public RunResult Run(RunRequest request, ILambdaContext context)
    {
        var run = Count(request.Id);
        if (request.SleepMs > 0)
        {
            Thread.Sleep(request.SleepMs);
        }

        if (run <= request.FailRuns)
        {
            throw new InvalidOperationException($"run {run} of '{request.Id}' fails as asked");
        }

        return new RunResult { Id = request.Id, Run = run, RequestId = context.AwsRequestId };
    }

    /// <summary>The same behind a function URL: the request is the HTTP body.</summary>
    public APIGatewayHttpApiV2ProxyResponse Url(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        var body = request.Body ?? "{}";
        if (request.IsBase64Encoded)
        {
            body = Encoding.UTF8.GetString(Convert.FromBase64String(body));
        }

        var run = Run(JsonSerializer.Deserialize<RunRequest>(body, JsonSerializerOptions.Web) ?? new RunRequest(), context);
        return new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 201,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            Body = JsonSerializer.Serialize(run, JsonSerializerOptions.Web),
        };
    }

    // One line per run, appended (O_APPEND keeps concurrent appends whole), so the file's line count is the run count.
    private static int Count(string id)
    {
        var folder = Environment.GetEnvironmentVariable("PROBE_RUNS_DIR") ?? Path.GetTempPath();
        var path = Path.Combine(folder, $"{id}.runs");
        using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            file.Write(Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
        }

        return File.ReadAllLines(path).Length;
    }
}
