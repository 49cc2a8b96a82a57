using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.CommandLine;

/// <summary>What a running command needs: where to print, in which format, and the API client for the endpoint.</summary>
internal sealed class CliContext : IDisposable
{
    private readonly string _endpoint;
    private LambdaClient? _client;

    public CliContext(ParseResult parse, Option<string> endpoint, Option<OutputFormat> output)
    {
        _endpoint = parse.GetValue(endpoint) ?? GlobalOptions.DefaultEndpoint;
        Format = parse.GetValue(output);
        Out = Console.Out;
        Error = Console.Error;

        // Spinners and tables only for a person at a terminal; redirected output and JSON get plain lines.
        Interactive = Format == OutputFormat.Text && !Console.IsOutputRedirected;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
    }

    /// <summary>Text or JSON.</summary>
    public OutputFormat Format { get; }

    /// <summary>Whether output goes to a terminal in text format.</summary>
    public bool Interactive { get; }

    /// <summary>stdout.</summary>
    public TextWriter Out { get; }

    /// <summary>stderr.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre.Console on stdout, for tables and progress at a terminal.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>The API client for <c>--endpoint</c>.</summary>
    public LambdaClient Client => _client ??= LambdaClient.Create(EndpointUri(_endpoint), TimeSpan.FromMinutes(16));

    /// <summary>Parses an endpoint address.</summary>
    public static Uri EndpointUri(string value)
    {
        if (!Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--endpoint must be an http:// or https:// address; got '{value}'", ExitCodes.Usage);
        }

        return uri;
    }

    /// <summary>Writes one JSON document on stdout.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Writes a JSON element on stdout, indented.</summary>
    public void WriteJson(JsonElement element) => WriteJson(element.WriteTo);

    /// <summary>A line for people: stdout in text format, nothing in JSON format.</summary>
    public void Say(string line)
    {
        if (Format == OutputFormat.Text)
        {
            Out.WriteLine(line);
        }
    }

    /// <summary>A warning on stderr (both formats).</summary>
    public void Warn(string line) => Error.WriteLine($"faas: warning: {line}");

    /// <summary>
    /// Runs one step of a longer job: a spinner with <paramref name="description"/> at a terminal, else a plain line
    /// (stdout in text format, stderr in JSON format so stdout stays one document).
    /// </summary>
    public async Task<T> StepAsync<T>(string description, Func<Task<T>> step)
    {
        if (!Interactive)
        {
            (Format == OutputFormat.Json ? Error : Out).WriteLine(description + "...");
            return await step();
        }

        var result = await Ansi.Status().Spinner(Spinner.Known.Dots).StartAsync(description + "...", _ => step());
        Ansi.MarkupLine($"[green]✓[/] {Markup.Escape(description)}");
        return result;
    }

    public void Dispose() => _client?.Dispose();
}
