using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

namespace Faas.Host.Invocation;

/// <summary>The <c>client</c> object of the <c>Lambda-Runtime-Client-Context</c> JSON.</summary>
internal sealed class ClientApplication : IClientApplication
{
    [JsonPropertyName("app_package_name")]
    public string AppPackageName { get; set; } = null!;

    [JsonPropertyName("app_title")]
    public string AppTitle { get; set; } = null!;

    [JsonPropertyName("app_version_code")]
    public string AppVersionCode { get; set; } = null!;

    [JsonPropertyName("app_version_name")]
    public string AppVersionName { get; set; } = null!;

    [JsonPropertyName("installation_id")]
    public string InstallationId { get; set; } = null!;
}
