using Amazon.Lambda.Core;

namespace Faas.Sdk.Host.Tests.TestHandlers;

/// <summary>An instance handler that counts constructions and calls.</summary>
public sealed class CountingHandler
{
    private static int _constructions;
    private int _calls;

    public CountingHandler() => Interlocked.Increment(ref _constructions);

    public static int Constructions => _constructions;

    public int Count(ILambdaContext context) => ++_calls;
}

public class BaseHandler
{
    public string Inherited(string input) => "base:" + input;
}

public sealed class DerivedHandler : BaseHandler
{
}

public sealed class ThrowingConstructorHandler
{
    public ThrowingConstructorHandler() => throw new ArgumentOutOfRangeException(nameof(ThrowingConstructorHandler), "constructor failed");

    public void Handle()
    {
    }
}

public static class ThrowingStaticConstructorHandler
{
#pragma warning disable CA1065, CA1810 // Deliberately failing static constructor.
    static ThrowingStaticConstructorHandler() => throw new NotSupportedException("static constructor failed");
#pragma warning restore CA1065, CA1810

    public static void Handle()
    {
    }
}

public sealed class NoDefaultConstructorHandler(int value)
{
    public int Handle() => value;
}

public abstract class AbstractHandler
{
    public void Handle()
    {
    }
}

public struct StructHandler
{
    public readonly string Handle(string input) => "struct:" + input;
}

public sealed class GenericHandler<T>
{
    public void Handle()
    {
    }
}

public sealed class PrivateMethodHandler
{
    private string Hidden(string input) => "hidden:" + input;
}
