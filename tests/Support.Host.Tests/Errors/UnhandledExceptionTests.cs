using System.Collections.Concurrent;
using System.Net;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using Support.Testing;

namespace Support.Host.Tests.Errors;

/// <summary>Makes every command fail the way a bug would, with internals in its message.</summary>
public sealed class ExplodingBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
        throw new InvalidOperationException("connection string Password=hunter2 leaked from a bug");
}

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{formatter(state, exception)} {exception}");
    }
}

public sealed class UnhandledExceptionTests
{
    [Test] // NF-1: a bug is a 500 problem document that reveals nothing, and the log has the details
    public async Task Given_a_bug_in_a_handler_Then_the_answer_is_a_bare_500_problem_and_the_log_has_the_trace_id()
    {
        var logs = new CapturingLoggerProvider();
        await using var api = new SupportApiFactory(services: services =>
        {
            services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ExplodingBehavior<,>));
            services.AddSingleton<ILoggerProvider>(logs);
        });

        var response = await api.Admin().PostJsonAsync("/api/v1/organizations", new { name = "Acme", language = "en", contract = "standard" });

        var problem = await response.ExpectAsync(HttpStatusCode.InternalServerError);
        var body = problem.ToJsonString();
        var traceId = problem["traceId"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body, Does.Not.Contain("hunter2").And.Not.Contain("InvalidOperationException").And.Not.Contain(" at "));
            Assert.That(traceId, Is.Not.Empty);
            Assert.That(logs.Lines, Has.Some.Contains(traceId).And.Contains("hunter2"));
        });
    }
}
