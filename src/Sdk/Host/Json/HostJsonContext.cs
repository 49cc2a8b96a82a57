using System.Text.Json.Serialization;
using Faas.Host.Errors;
using Faas.Host.Invocation;

namespace Faas.Host.Json;

/// <summary>Source-generated JSON metadata for everything the host itself reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(SpecializeBody))]
[JsonSerializable(typeof(ClientContext))]
[JsonSerializable(typeof(CognitoIdentity))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
