namespace Faas.Sdk.Tests.Serialization;

/// <summary>Keeps tests that change the process environment or console out of parallel runs.</summary>
[CollectionDefinition(nameof(SerializerDebugLoggingTests), DisableParallelization = true)]
public sealed class SerializerDebugLoggingCollection;
