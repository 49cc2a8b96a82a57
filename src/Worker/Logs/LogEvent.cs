namespace Faas.Worker.Logs;

/// <summary>One line of a function's log, as CloudWatch Logs would hold it.</summary>
/// <param name="Timestamp">When the line was written, Unix time in milliseconds.</param>
/// <param name="Message">The line without its line break.</param>
/// <param name="LogStreamName">The environment's log stream, e.g. <c>2026/11/23/[$LATEST]0f1e...</c>.</param>
/// <param name="Next">The offset in the stream's file just past this line, where a reader continues.</param>
internal readonly record struct LogEvent(long Timestamp, string Message, string LogStreamName, long Next);
