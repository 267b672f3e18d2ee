using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Acme.Tests;

/// <summary>Keeps log lines in memory (all hosts of the test run) so that a failing test can show what happened and tests can check that no secret is logged.</summary>
internal sealed class TestLoggerProvider : ILoggerProvider
{
    public static readonly ConcurrentQueue<string> Lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (category.StartsWith("EdgeCdn", StringComparison.Ordinal))
            {
                Lines.Enqueue($"{logLevel}: {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.Message)}");
            }
        }
    }
}
