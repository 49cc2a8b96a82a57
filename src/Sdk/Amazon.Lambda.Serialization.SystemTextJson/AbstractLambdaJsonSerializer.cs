using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Lambda.Serialization.SystemTextJson.Converters;

namespace Amazon.Lambda.Serialization.SystemTextJson;

/// <summary>Base of the System.Text.Json Lambda serializers: stream handling, debug logging and error wrapping.</summary>
public abstract class AbstractLambdaJsonSerializer
{
    private const string DebugEnvironmentVariableName = "LAMBDA_NET_SERIALIZER_DEBUG";

    private readonly bool _debug;

    /// <summary>Creates the serializer, letting <paramref name="jsonWriterCustomizer"/> adjust the writer options.</summary>
    protected AbstractLambdaJsonSerializer(Action<JsonWriterOptions> jsonWriterCustomizer)
    {
        // Relaxed escaping keeps '+', '<', quotes in HTML and non-ASCII text readable, as AWS's serializer writes them.
        WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        jsonWriterCustomizer?.Invoke(WriterOptions);
        _debug = string.Equals(Environment.GetEnvironmentVariable(DebugEnvironmentVariableName), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Options for the UTF-8 writer used to produce responses.</summary>
    protected JsonWriterOptions WriterOptions { get; }

    /// <summary>Writes <paramref name="response"/> as JSON to <paramref name="responseStream"/>.</summary>
    public void Serialize<T>(T response, Stream responseStream)
    {
        try
        {
            if (_debug)
            {
                using var buffer = new MemoryStream();
                using (var debugWriter = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    InternalSerialize(debugWriter, response);
                }

                Console.WriteLine($"Lambda Serialize {typeof(T).FullName}: {Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)}");
                buffer.Position = 0;
                buffer.CopyTo(responseStream);
                return;
            }

            using var writer = new Utf8JsonWriter(responseStream, WriterOptions);
            InternalSerialize(writer, response);
        }
        catch (Exception e)
        {
            throw new JsonSerializerException($"Error converting the response object of type {typeof(T).FullName} from the Lambda function to JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads an object of type <typeparamref name="T"/> from the JSON in <paramref name="requestStream"/>.</summary>
    public T Deserialize<T>(Stream requestStream)
    {
        try
        {
            byte[] utf8Json;
            if (requestStream is MemoryStream memory)
            {
                utf8Json = memory.ToArray();
            }
            else
            {
                using var copy = new MemoryStream();
                requestStream.CopyTo(copy);
                utf8Json = copy.ToArray();
            }

            if (_debug)
            {
                Console.WriteLine($"Lambda Deserialize {typeof(T).FullName}: {Encoding.UTF8.GetString(utf8Json)}");
            }

            return InternalDeserialize<T>(utf8Json);
        }
        catch (Exception e)
        {
            var message = typeof(T) == typeof(string)
                ? $"Error converting the Lambda event JSON payload to a string. JSON strings must be quoted, for example \"Hello World\" in order to be converted to a string: {e.Message}"
                : $"Error converting the Lambda event JSON payload to type {typeof(T).FullName}: {e.Message}";
            throw new JsonSerializerException(message, e);
        }
    }

    /// <summary>Creates the serializer options every Lambda serializer starts from: declared names, case-insensitive reads, nulls omitted.</summary>
    protected virtual JsonSerializerOptions CreateDefaultJsonSerializationOptions() => new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = new AwsNamingPolicy(),
        Converters =
        {
            new DateTimeConverter(),
            new MemoryStreamConverter(),
            new ConstantClassConverter(),
            new ByteArrayConverter(),
        },
    };

    /// <summary>Writes <paramref name="response"/> to <paramref name="writer"/> once the base class has set up the stream.</summary>
    protected abstract void InternalSerialize<T>(Utf8JsonWriter writer, T response);

    /// <summary>Reads an object of type <typeparamref name="T"/> from the whole UTF-8 payload.</summary>
    protected abstract T InternalDeserialize<T>(byte[] utf8Json);
}
