using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Security;

namespace Support.Host.Tests.Http;

/// <summary>A write made by a probe endpoint: the tests count these to prove a request wrote once.</summary>
public sealed class ProbeWrite
{
    public Guid Id { get; set; }

    public string Label { get; set; } = "";

    public long Bytes { get; set; }
}

/// <summary>
/// Endpoints that exist only in the tests' hosts (added to Carter through DI), for what no real
/// endpoint does yet: a multipart upload, a handler that takes its time, one that fails after commit.
/// Each writes through the request's scoped session, as every real handler does.
/// </summary>
public sealed class ProbeEndpoints : ICarterModule
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(500);

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var probes = app.MapGroup("/api/v1/probes").RequireAuthorization(Policies.Admin);
        probes.MapPost("/uploads", async (HttpRequest request, IDocumentSession session, CancellationToken cancellationToken) =>
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.Single();
            var write = new ProbeWrite { Id = Guid.NewGuid(), Label = form["label"].ToString(), Bytes = file.Length };
            session.Insert(write);
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.Created($"/api/v1/probes/{write.Id}", write);
        });
        probes.MapPost("/slow", async (ProbeWrite body, IDocumentSession session, CancellationToken cancellationToken) =>
        {
            await Task.Delay(SlowDelay, cancellationToken);
            var write = new ProbeWrite { Id = Guid.NewGuid(), Label = body.Label };
            session.Insert(write);
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.Created($"/api/v1/probes/{write.Id}", write);
        });
        probes.MapPost("/commit-then-fail", async Task<IResult> (ProbeWrite body, IDocumentSession session, CancellationToken cancellationToken) =>
        {
            session.Insert(new ProbeWrite { Id = Guid.NewGuid(), Label = body.Label });
            await session.SaveChangesAsync(cancellationToken);
            throw new InvalidOperationException("Simulated crash after the commit, before the answer.");
        });
    }
}
