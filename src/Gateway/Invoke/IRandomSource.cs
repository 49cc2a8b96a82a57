namespace Faas.Gateway.Invoke;

/// <summary>Randomness for choosing a weighted alias's version per invocation; replaced in tests.</summary>
internal interface IRandomSource
{
    /// <summary>A number in [0, 1).</summary>
    double NextDouble();
}

/// <summary>The process's shared generator.</summary>
internal sealed class SharedRandomSource : IRandomSource
{
    public double NextDouble() => Random.Shared.NextDouble();
}
