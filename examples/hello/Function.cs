using Amazon.Lambda.Core;

// Turns the JSON event into a HelloRequest and the HelloResponse back into JSON.
[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Hello;

public class Function
{
    /// <summary>Greets the caller by name: <c>{"name":"Ada"}</c> answers <c>{"message":"Hello, Ada!"}</c>.</summary>
    public HelloResponse Handler(HelloRequest request, ILambdaContext context)
    {
        var name = string.IsNullOrWhiteSpace(request.Name) ? "world" : request.Name;
        context.Logger.LogInformation("Greeting {Name}", name);
        return new HelloResponse { Message = $"Hello, {name}!" };
    }
}
