using System.Text;
using Amazon.Lambda.Core;

namespace ForeignCoreFunction;

public class Function
{
    // Stream in, Stream out: no serializer, so only Amazon.Lambda.Core is shared with the runtime.
    public Stream Handle(Stream input, ILambdaContext context)
    {
        context.Logger.LogLine("context logger says hello");
        LambdaLogger.Log("static logger says hello\n");
        var core = typeof(ILambdaContext).Assembly.GetName();
        var body = $"{{\"requestId\":\"{context.AwsRequestId}\",\"function\":\"{context.FunctionName}\",\"coreVersion\":\"{core.Version}\"}}";
        return new MemoryStream(Encoding.UTF8.GetBytes(body));
    }
}
