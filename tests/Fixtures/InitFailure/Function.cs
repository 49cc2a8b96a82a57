using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace InitFailure;

/// <summary>A handler whose constructor fails, as one does when required configuration is missing.</summary>
public class Function
{
    /// <summary>The marker the tests look for in the init error.</summary>
    public const string Marker = "Missing required setting TABLE_NAME";

    public Function()
    {
        var table = Environment.GetEnvironmentVariable("TABLE_NAME");
        if (string.IsNullOrEmpty(table))
        {
            throw new InvalidOperationException(Marker);
        }
    }

    public string Handle(string input, ILambdaContext context) => $"{context.FunctionName}: {input}";
}
