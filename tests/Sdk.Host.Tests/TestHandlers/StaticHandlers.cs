using System.Text;
using Amazon.Lambda.Core;

namespace Faas.Sdk.Host.Tests.TestHandlers;

public sealed class Person
{
    public string? Name { get; set; }
}

public sealed class Greeting
{
    public string? Message { get; set; }
}

public sealed class SelfReference
{
    public SelfReference? Self { get; set; }
}

/// <summary>Static handlers of every supported shape, plus invalid ones.</summary>
public static class StaticHandlers
{
    private static int _nothingCalls;

    public static int NothingCalls => _nothingCalls;

    public static string Echo(string input) => input;

    public static string EchoWithContext(string input, ILambdaContext context) => input + "|" + context.AwsRequestId;

    public static Stream StreamEcho(Stream input)
    {
        var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    public static async Task<Stream> StreamEchoAsync(Stream input, ILambdaContext context)
    {
        await Task.Yield();
        var text = new StreamReader(input).ReadToEnd();
        return new MemoryStream(Encoding.UTF8.GetBytes(text + "|" + context.FunctionName));
    }

    /// <summary>The input text repeated to <see cref="PatternLength"/> bytes, as a stream that is not a MemoryStream.</summary>
    public static Stream Pattern(string input) => new PatternStream(Encoding.UTF8.GetBytes(input), PatternLength);

    /// <summary>The length of <see cref="Pattern"/>'s output: several of the host's 16 KB chunks.</summary>
    public const int PatternLength = 50_000;

    public static void Nothing() => Interlocked.Increment(ref _nothingCalls);

    public static async Task NothingAsync(ILambdaContext context)
    {
        await Task.Yield();
        Interlocked.Increment(ref _nothingCalls);
    }

    public static async Task<Greeting> GreetAsync(Person person, ILambdaContext context)
    {
        await Task.Yield();
        return new Greeting { Message = "Hello " + person.Name };
    }

    public static Task<Greeting> GreetSync(Person person) => Task.FromResult(new Greeting { Message = "Hi " + person.Name });

    public static int ContextOnly(ILambdaContext context) => context.MemoryLimitInMB;

    public static string Throw(string input) => throw new InvalidOperationException("boom: " + input, new ArgumentException("inner"));

    public static async Task<string> ThrowAsync(string input)
    {
        await Task.Yield();
        throw new FormatException("async boom: " + input);
    }

    public static SelfReference Cycle()
    {
        var value = new SelfReference();
        value.Self = value;
        return value;
    }

    public static string Logs(string input, ILambdaContext context)
    {
        Console.WriteLine("console " + input);
        context.Logger.LogLine("logger " + input);
        context.Logger.LogWarning("warning " + input);
        LambdaLogger.Log("static " + input);
        Console.Error.WriteLine("stderr " + input);
        return input;
    }

    [LambdaSerializer(typeof(ShoutingSerializer))]
    public static string Shout(string input) => input;

    [LambdaSerializer(typeof(NotASerializer))]
    public static string BadSerializer(string input) => input;

    public static string Overloaded(string input) => input;

    public static string Overloaded(int input) => input.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static T Generic<T>(T input) => input;

#pragma warning disable VSTHRD100, CS1998 // Deliberately invalid handler shape.
    public static async void AsyncVoid(string input)
    {
    }
#pragma warning restore VSTHRD100, CS1998

    public static string Params(params string[] input) => string.Concat(input);

    public static string Three(string input, ILambdaContext context, int extra) => input;

    public static string BadSecond(string input, string other) => input;

    public static string ByRef(ref string input) => input;

    public static string StreamInputStringOutput(Stream input) => new StreamReader(input).ReadToEnd();
}
