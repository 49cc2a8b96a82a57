using System;
using System.Text;

namespace Amazon.Lambda.Core;

/// <summary>Replaces named or positional placeholders (<c>{Name}</c>, <c>{0}</c>) with arguments in order, as structured loggers do.</summary>
internal static class MessageFormatter
{
    public static string Format(string message, object[] args)
    {
        if (message is null || args is null || args.Length == 0)
        {
            return message;
        }

        var builder = new StringBuilder(message.Length + 16 * args.Length);
        var next = 0;
        for (var i = 0; i < message.Length; i++)
        {
            var c = message[i];
            if (c == '{' && i + 1 < message.Length && message[i + 1] == '{')
            {
                builder.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < message.Length && message[i + 1] == '}')
            {
                builder.Append('}');
                i++;
                continue;
            }

            var close = c == '{' ? message.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                builder.Append(c);
                continue;
            }

            var name = message.AsSpan(i + 1, close - i - 1);
            var index = int.TryParse(name, out var position) ? position : next++;
            builder.Append(index >= 0 && index < args.Length ? args[index]?.ToString() : message.Substring(i, close - i + 1));
            i = close;
        }

        return builder.ToString();
    }
}
