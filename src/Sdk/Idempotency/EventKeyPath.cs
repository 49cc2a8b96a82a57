using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Faas.Idempotency;

/// <summary>
/// Where an idempotency key is in an event: a subset of JMESPath, as Powertools' <c>event_key_jmespath</c> uses it.
/// <code>
///   expression := path | '[' path (',' path)* ']'           a multi-select list: several parts make one key
///   path       := primary ('.' name | '[' index ']')*
///   primary    := '@' | name | 'powertools_json(' path ')'   the event itself; a member; the JSON a string holds
///   name       := [A-Za-z_][A-Za-z0-9_]* | '"' text '"'      quoted for other characters: headers."idempotency-key"
/// </code>
/// Examples: <c>orderId</c>, <c>body.orderId</c>, <c>powertools_json(body).orderId</c>,
/// <c>headers."idempotency-key"</c>, <c>Records[0].messageId</c>, <c>[customerId, orderId]</c>, <c>@</c> (the whole event).
/// The selection is written as compact JSON with object members sorted by name, then hashed, as Powertools does.
/// </summary>
public sealed class EventKeyPath
{
    /// <summary>The longest expression accepted.</summary>
    public const int MaxLength = 1024;

    private static readonly JsonWriterOptions CanonicalWriter = new() { Indented = false, SkipValidation = false };

    private readonly Step[][] _paths;
    private readonly bool _multiSelect;

    private EventKeyPath(string expression, Step[][] paths, bool multiSelect)
    {
        Expression = expression;
        _paths = paths;
        _multiSelect = multiSelect;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>Parses <paramref name="expression"/>; <paramref name="error"/> says what is wrong (position included) when it is not valid.</summary>
    public static bool TryParse(string? expression, out EventKeyPath? path, out string? error)
    {
        path = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "the expression is empty";
            return false;
        }

        if (expression.Length > MaxLength)
        {
            error = $"the expression is longer than {MaxLength} characters";
            return false;
        }

        var parser = new Parser(expression);
        try
        {
            var multi = parser.Peek() == '[';
            var paths = new List<Step[]>();
            if (multi)
            {
                parser.Expect('[');
                do
                {
                    paths.Add(parser.Path());
                }
                while (parser.TryTake(','));

                parser.Expect(']');
            }
            else
            {
                paths.Add(parser.Path());
            }

            parser.End();
            path = new EventKeyPath(expression, [.. paths], multi);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>Parses <paramref name="expression"/> or throws <see cref="ArgumentException"/>.</summary>
    public static EventKeyPath Parse(string expression)
        => TryParse(expression, out var path, out var error) ? path! : throw new ArgumentException($"Invalid event key path '{expression}': {error}.", nameof(expression));

    /// <summary>
    /// The canonical JSON of what the path selects in <paramref name="eventJson"/>, or null when the key is missing
    /// (nothing selected, null, an empty string, or a multi-select whose parts are all missing) or the event is not JSON.
    /// </summary>
    public byte[]? Select(ReadOnlyMemory<byte> eventJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(eventJson);
        }
        catch (JsonException)
        {
            return null;
        }

        var parsed = new List<JsonDocument> { document };
        try
        {
            var values = new JsonElement?[_paths.Length];
            var present = false;
            for (var i = 0; i < _paths.Length; i++)
            {
                values[i] = Evaluate(_paths[i], document.RootElement, parsed);
                present |= !IsMissing(values[i]);
            }

            if (!present)
            {
                return null;
            }

            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer, CanonicalWriter))
            {
                if (_multiSelect)
                {
                    writer.WriteStartArray();
                    foreach (var value in values)
                    {
                        WriteCanonical(writer, value);
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    WriteCanonical(writer, values[0]);
                }
            }

            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            foreach (var owned in parsed)
            {
                owned.Dispose();
            }
        }
    }

    public override string ToString() => Expression;

    private static JsonElement? Evaluate(Step[] path, JsonElement root, List<JsonDocument> parsed)
    {
        JsonElement? current = root;
        foreach (var step in path)
        {
            if (current is not { } value)
            {
                return null;
            }

            current = step.Kind switch
            {
                StepKind.Field => value.ValueKind == JsonValueKind.Object && value.TryGetProperty(step.Name!, out var member) ? member : null,
                StepKind.Index => value.ValueKind == JsonValueKind.Array ? At(value, step.Index) : null,
                StepKind.Current => value,
                _ => DecodeJson(Evaluate(step.Inner!, root, parsed), parsed),
            };
        }

        return current;
    }

    private static JsonElement? At(JsonElement array, int index)
    {
        var length = array.GetArrayLength();
        var at = index < 0 ? length + index : index;
        return at >= 0 && at < length ? array[at] : null;
    }

    // powertools_json(): the JSON a string holds; anything else (or text that is not JSON) selects nothing.
    private static JsonElement? DecodeJson(JsonElement? value, List<JsonDocument> parsed)
    {
        if (value is not { ValueKind: JsonValueKind.String } text)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(text.GetString()!);
            parsed.Add(document);
            return document.RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Powertools treats a selection as missing when it is None, an empty string, or a collection of only None.
    private static bool IsMissing(JsonElement? value) => value switch
    {
        null => true,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => true,
        { ValueKind: JsonValueKind.String } text => text.GetString()!.Length == 0,
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().All(static item => item.ValueKind == JsonValueKind.Null),
        { ValueKind: JsonValueKind.Object } obj => !obj.EnumerateObject().Any(),
        _ => false,
    };

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement? value)
    {
        if (value is not { } element)
        {
            writer.WriteNullValue();
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject().OrderBy(static m => m.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    WriteCanonical(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private enum StepKind
    {
        Field,
        Index,
        Current,
        Json,
    }

    private sealed record Step(StepKind Kind, string? Name = null, int Index = 0, Step[]? Inner = null);

    private sealed class Parser(string text)
    {
        private const string JsonFunction = "powertools_json";
        private int _at;

        public char Peek()
        {
            SkipSpaces();
            return _at < text.Length ? text[_at] : '\0';
        }

        public bool TryTake(char c)
        {
            if (Peek() != c)
            {
                return false;
            }

            _at++;
            return true;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error($"expected '{c}'");
            }
        }

        public void End()
        {
            if (Peek() != '\0')
            {
                throw Error("unexpected text");
            }
        }

        public Step[] Path()
        {
            var steps = new List<Step>();
            SkipSpaces();
            if (_at < text.Length && text[_at] == '@')
            {
                _at++;
                steps.Add(new Step(StepKind.Current));
                return Continue(steps);
            }

            var name = Name(out var quoted);
            if (!quoted && name == JsonFunction && TryTake('('))
            {
                var inner = Path();
                Expect(')');
                steps.Add(new Step(StepKind.Json, Inner: inner));
            }
            else
            {
                steps.Add(new Step(StepKind.Field, name));
            }

            return Continue(steps);
        }

        private Step[] Continue(List<Step> steps)
        {
            while (_at < text.Length)
            {
                if (text[_at] == '.')
                {
                    _at++;
                    steps.Add(new Step(StepKind.Field, Name(out _)));
                }
                else if (text[_at] == '[')
                {
                    _at++;
                    steps.Add(new Step(StepKind.Index, Index: Index()));
                    if (_at >= text.Length || text[_at] != ']')
                    {
                        throw Error("expected ']' after an index");
                    }

                    _at++;
                }
                else
                {
                    break;
                }
            }

            return [.. steps];
        }

        private string Name(out bool quoted)
        {
            quoted = _at < text.Length && text[_at] == '"';
            if (quoted)
            {
                var name = new StringBuilder();
                for (_at++; _at < text.Length && text[_at] != '"'; _at++)
                {
                    if (text[_at] == '\\' && _at + 1 < text.Length && text[_at + 1] is '"' or '\\')
                    {
                        _at++;
                    }

                    name.Append(text[_at]);
                }

                if (_at >= text.Length)
                {
                    throw Error("unterminated quoted name");
                }

                _at++;
                if (name.Length == 0)
                {
                    throw Error("empty quoted name");
                }

                return name.ToString();
            }

            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetter(text[_at]) || text[_at] == '_' || (_at > start && char.IsAsciiDigit(text[_at]))))
            {
                _at++;
            }

            return _at > start ? text[start.._at] : throw Error("expected a name");
        }

        private int Index()
        {
            var start = _at;
            if (_at < text.Length && text[_at] == '-')
            {
                _at++;
            }

            while (_at < text.Length && char.IsAsciiDigit(text[_at]))
            {
                _at++;
            }

            return int.TryParse(text.AsSpan(start, _at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
                ? index
                : throw Error("expected an array index");
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && text[_at] == ' ')
            {
                _at++;
            }
        }

        private FormatException Error(string what) => new($"{what} at position {_at + 1}");
    }
}
