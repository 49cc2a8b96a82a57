using System;

namespace Amazon.Lambda.Core;

/// <summary>Names the serializer the runtime uses for a handler method, or for every handler of an assembly.</summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Method, AllowMultiple = false)]
public sealed class LambdaSerializerAttribute : Attribute
{
    /// <summary>Creates the attribute for a type implementing <see cref="ILambdaSerializer"/>.</summary>
    public LambdaSerializerAttribute(Type serializerType)
    {
        SerializerType = serializerType;
    }

    /// <summary>The serializer type; it needs a public parameterless constructor.</summary>
    public Type SerializerType { get; set; }
}
