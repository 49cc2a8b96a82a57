using System.Diagnostics;
using System.Text.Json;

namespace Faas.Platform.Tests.FunctionUrls;

/// <summary>
/// Signs a plain HTTP request with botocore's SigV4 signer (the one the AWS CLI uses, run through <c>python3</c>), as
/// awscurl or an SDK signs calls to an <c>AWS_IAM</c> function URL.
/// </summary>
internal static class BotocoreSigner
{
    private const string Script = """
        import json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        a = json.loads(sys.argv[1])
        body = sys.stdin.buffer.read()
        request = AWSRequest(method=a["method"], url=a["url"], headers=a["headers"], data=body)
        SigV4Auth(Credentials(a["key"], a["secret"]), "lambda", a["region"]).add_auth(request)
        print(json.dumps(dict(request.headers.items())))
        """;

    /// <summary>Adds the signature headers (<c>Authorization</c>, <c>X-Amz-Date</c>) to <paramref name="request"/>.</summary>
    public static async Task SignAsync(HttpRequestMessage request, string accessKeyId, string secretAccessKey, string region = "us-east-1")
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        var headers = new Dictionary<string, string>();
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["Content-Type"] = contentType.ToString();
        }

        var arguments = JsonSerializer.Serialize(new
        {
            method = request.Method.Method,
            url = request.RequestUri!.ToString(),
            headers,
            key = accessKeyId,
            secret = secretAccessKey,
            region,
        });
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(arguments);
        using var process = Process.Start(start)!;
        await process.StandardInput.BaseStream.WriteAsync(body);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"botocore could not sign: {error}");

        var signed = JsonSerializer.Deserialize<Dictionary<string, string>>(output)!;
        request.Headers.TryAddWithoutValidation("Authorization", signed["Authorization"]);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signed["X-Amz-Date"]);
    }
}
