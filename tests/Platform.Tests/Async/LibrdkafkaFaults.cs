using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Faas.Platform.Tests.Async;

/// <summary>
/// Real faults inside a real Kafka client: librdkafka's own test hook (<c>rd_kafka_test_fatal_error</c>, exported for
/// exactly this) puts a client into the fatal state an idempotent producer enters when the brokers lose its sequence
/// state. Confluent.Kafka does not expose it or the client's native handle, so the handle is read by reflection.
/// </summary>
internal static class LibrdkafkaFaults
{
    /// <summary>Makes the client behind <paramref name="handle"/> fail for good with <paramref name="code"/>, as a real fatal error would.</summary>
    public static void RaiseFatalError(Handle handle, ErrorCode code, string reason)
    {
        var member = (MemberInfo?)typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? typeof(Handle).GetField("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("Confluent.Kafka's Handle no longer has LibrdkafkaHandle.");
        var native = (SafeHandle)(member is PropertyInfo property ? property.GetValue(handle) : ((FieldInfo)member).GetValue(handle))!;
        var added = false;
        native.DangerousAddRef(ref added);
        try
        {
            var result = TestFatalError.Value(native.DangerousGetHandle(), (int)code, reason);
            if (result != 0)
            {
                throw new InvalidOperationException($"rd_kafka_test_fatal_error answered {(ErrorCode)result}.");
            }
        }
        finally
        {
            if (added)
            {
                native.DangerousRelease();
            }
        }
    }

    // The librdkafka this process already loaded (Confluent.Kafka picks one of several builds), found in the process's
    // memory map so that the hook acts on the same library instance as the client.
    private static readonly Lazy<TestFatalErrorFunction> TestFatalError = new(static () =>
    {
        var path = File.ReadLines("/proc/self/maps").Select(static line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
            .FirstOrDefault(static file => file is not null && Path.GetFileName(file).EndsWith("librdkafka.so", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("librdkafka is not loaded.");
        var export = NativeLibrary.GetExport(NativeLibrary.Load(path), "rd_kafka_test_fatal_error");
        return Marshal.GetDelegateForFunctionPointer<TestFatalErrorFunction>(export);
    });

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int TestFatalErrorFunction(IntPtr rk, int err, [MarshalAs(UnmanagedType.LPUTF8Str)] string reason);
}
