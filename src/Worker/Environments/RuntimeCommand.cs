using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Faas.Worker.RuntimeApi;

namespace Faas.Worker.Environments;

/// <summary>Builds the command line and the variables of an environment's runtime process, as Lambda sets them.</summary>
internal sealed class RuntimeCommand
{
    /// <summary>Tells the Faas host the Unix socket of its Runtime API; other runtimes use AWS_LAMBDA_RUNTIME_API.</summary>
    public const string SocketVariable = "FAAS_RUNTIME_API_SOCKET";

    // Lambda's PATH; a function's own PATH variable replaces it.
    private const string LambdaPath = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";

    private readonly string _dotnetPath;
    private readonly string _hostPath;
    private readonly WorkerOptions _options;

    public RuntimeCommand(WorkerOptions options)
    {
        _options = options;
        _dotnetPath = ResolveDotnet(options.Environments.DotnetPath);
        _hostPath = string.IsNullOrEmpty(options.Environments.HostPath)
            ? Path.Combine(AppContext.BaseDirectory, "host", "Faas.Host.dll")
            : Path.GetFullPath(options.Environments.HostPath);
        if (Environment.IsPrivilegedProcess && !string.IsNullOrEmpty(options.Environments.RunAsUser) && !SandboxUser.ReachableByOthers(_hostPath))
        {
            // The worker's own folder may be private (a home folder, a 0700 checkout): environments then run a copy
            // of the host from the data folder, which the sandbox user can reach.
            _hostPath = CopyHost(_hostPath, Path.Combine(options.DataDirectory, "host"));
        }

        User = SandboxUser.Resolve(options.Environments.RunAsUser, [_hostPath, options.DataDirectory], out var reason);
        UserNotUsedReason = reason;
    }

    /// <summary>The user environments run as, or null when they run as the worker's user.</summary>
    public SandboxUser? User { get; }

    /// <summary>Why the configured user is not used although the worker runs as root, or null.</summary>
    public string? UserNotUsedReason { get; }

    /// <summary>The folder of the .NET host, given to runtimes as <c>LAMBDA_RUNTIME_DIR</c>.</summary>
    public string RuntimeDirectory => Path.GetDirectoryName(_hostPath)!;

    /// <summary>A generic .NET host that waits to be specialised.</summary>
    public ProcessStartInfo StemCell(RuntimeSlot slot, string workingDirectory)
    {
        var runtimeApi = slot.RuntimeApiAddress;
        var start = new ProcessStartInfo(_dotnetPath) { WorkingDirectory = workingDirectory, UserName = User?.Name };
        start.ArgumentList.Add(_hostPath);
        start.Environment.Clear();
        AddDotnetDefaults(start.Environment);
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["FAAS_STEM_CELL"] = "1";
        if (slot.SocketPath is { } socket)
        {
            start.Environment[SocketVariable] = socket;
        }

        start.Environment["LAMBDA_RUNTIME_DIR"] = RuntimeDirectory;
        return start;
    }

    /// <summary>A runtime process started directly for an environment.</summary>
    /// <exception cref="InvalidOperationException">A custom runtime has no usable bootstrap; the message is Lambda's.</exception>
    public ProcessStartInfo Direct(ExecutionEnvironment environment, RuntimeSlot slot)
    {
        ProcessStartInfo start;
        if (environment.Spec.Kind == RuntimeKind.Dotnet)
        {
            start = new ProcessStartInfo(_dotnetPath);
            start.ArgumentList.Add(_hostPath);
        }
        else
        {
            start = new ProcessStartInfo(FindBootstrap(environment.TaskRoot));
        }

        start.WorkingDirectory = environment.TaskRoot;
        start.UserName = User?.Name;
        start.Environment.Clear();
        foreach (var (name, value) in Variables(environment, slot))
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>The body of a stem cell's <c>/faas/specialize</c> answer.</summary>
    public byte[] Specialization(ExecutionEnvironment environment, RuntimeSlot slot)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("environment");
            foreach (var (name, value) in Variables(environment, slot))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Every variable Lambda gives a runtime, then the function's own (which may not replace reserved ones).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Variables(ExecutionEnvironment environment, RuntimeSlot slot)
    {
        var spec = environment.Spec;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = LambdaPath,
            ["LANG"] = "en_US.UTF-8",
            ["TZ"] = ":UTC",
            ["LD_LIBRARY_PATH"] = $"/lib64:/usr/lib64:{RuntimeDirectory}:{RuntimeDirectory}/lib:{environment.TaskRoot}:{environment.TaskRoot}/lib:/opt/lib",
            ["TMPDIR"] = environment.TempDirectory,
            ["HOME"] = environment.TempDirectory,
        };
        if (spec.Kind == RuntimeKind.Dotnet)
        {
            AddDotnetDefaults(variables);

            // The GC keeps the heap under the function's memory, less the runtime's own share, so the handler sees
            // OutOfMemoryException before the worker's watchdog has to stop the process (the host applies the same rule).
            var heapMb = Math.Max(spec.MemoryMb / 2, spec.MemoryMb - 64);
            variables["DOTNET_GCHeapHardLimit"] = ((long)heapMb * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
            variables["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + spec.Runtime;
        }

        foreach (var (name, value) in spec.UserEnvironment)
        {
            variables[name] = value;
        }

        variables["AWS_LAMBDA_RUNTIME_API"] = slot.RuntimeApiAddress;
        if (spec.Kind == RuntimeKind.Dotnet && slot.SocketPath is { } socket)
        {
            variables[SocketVariable] = socket;
        }

        variables["_HANDLER"] = spec.Handler;
        variables["LAMBDA_TASK_ROOT"] = environment.TaskRoot;
        variables["LAMBDA_RUNTIME_DIR"] = RuntimeDirectory;
        variables["AWS_LAMBDA_FUNCTION_NAME"] = spec.FunctionName;
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = spec.Version;
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = spec.MemoryMb.ToString(CultureInfo.InvariantCulture);
        variables["AWS_LAMBDA_LOG_GROUP_NAME"] = spec.LogGroupName;
        variables["AWS_LAMBDA_LOG_STREAM_NAME"] = environment.Log.LogStreamName;
        variables["AWS_LAMBDA_INITIALIZATION_TYPE"] = spec.InitializationType;
        variables["AWS_REGION"] = _options.Region;
        variables["AWS_DEFAULT_REGION"] = _options.Region;
        return variables;
    }

    /// <summary>Lambda's lookup of a custom runtime's entry point: the package's <c>bootstrap</c>, then <c>/opt/bootstrap</c>.</summary>
    private static string FindBootstrap(string taskRoot)
    {
        string[] candidates = [Path.Combine(taskRoot, "bootstrap"), "/opt/bootstrap"];
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((File.GetUnixFileMode(candidate) & anyExecute) == 0)
            {
                throw new InvalidOperationException($"Couldn't start bootstrap '{candidate}': permission denied (the file is not executable).");
            }

            CheckInterpreter(candidate);
            return candidate;
        }

        throw new InvalidOperationException($"Couldn't find valid bootstrap(s): [{string.Join(' ', candidates)}]");
    }

    /// <summary>
    /// Fails like a failed exec when a script's <c>#!</c> interpreter does not exist (a CRLF line ending is the usual
    /// cause): the runtime starts through <c>setpriv</c> and <c>setsid</c>, whose exec failure would otherwise only
    /// show as an exit status.
    /// </summary>
    private static void CheckInterpreter(string bootstrap)
    {
        Span<byte> head = stackalloc byte[256];
        int read;
        try
        {
            using var file = File.OpenRead(bootstrap);
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable here; the exec reports what it finds.
            return;
        }

        if (read < 3 || head[0] != (byte)'#' || head[1] != (byte)'!')
        {
            return;
        }

        var line = head[2..read];
        var end = line.IndexOf((byte)'\n');
        line = (end < 0 ? line : line[..end]).TrimStart(" \t"u8);
        var space = line.IndexOfAny(" \t"u8);
        var interpreter = System.Text.Encoding.UTF8.GetString(space < 0 ? line : line[..space]);
        if (interpreter.StartsWith('/') && !File.Exists(interpreter))
        {
            throw new InvalidOperationException($"Couldn't start bootstrap '{bootstrap}': its interpreter '{interpreter.Replace("\r", "\\r", StringComparison.Ordinal)}' does not exist.");
        }
    }

    private void AddDotnetDefaults(IDictionary<string, string?> variables)
    {
        variables["DOTNET_ROOT"] = Path.GetDirectoryName(_dotnetPath);
        variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        variables["DOTNET_gcServer"] = "0";
        variables["DOTNET_gcConcurrent"] = "0";
        variables["DOTNET_TieredPGO"] = "0";

        // W^X double-maps JIT code (a shared-memory copy per process) and slows start-up; environments are
        // separate processes already, so it buys little here.
        variables["DOTNET_EnableWriteXorExecute"] = "0";
        variables["PATH"] = LambdaPath;
    }

    private static string CopyHost(string hostPath, string target)
    {
        var source = Path.GetDirectoryName(hostPath)!;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        return Path.Combine(target, Path.GetFileName(hostPath));
    }

    private static string ResolveDotnet(string configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost))
        {
            return fromHost;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return root is null ? "dotnet" : Path.Combine(root, "dotnet");
    }
}
