using Amazon.Lambda.Core;

// The serializer for every handler in this assembly that takes or returns something other than a Stream.
[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]
