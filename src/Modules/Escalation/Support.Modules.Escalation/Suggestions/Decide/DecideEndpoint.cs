using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Support.Modules.Escalation.Suggestions.Decide;

internal sealed class DecideEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSuggestionChange<Decide>("decision")
            .WithName("DecideSuggestion")
            .WithSummary("Decide on a suggestion: planned, declined or shipped (product)")
            .WithDescription("ES-7: records the `decision` with the `message` every requester is told, and updates every ticket asking for the feature, those of merged suggestions included, within moments: `planned` adds the message to the conversation and the tickets keep waiting on product; `declined` resolves them as `declined` and `shipped` as `solved`, with the message (and the workaround, if the assessment recorded one). An open suggestion can be planned, declined or shipped; a planned one declined or shipped; anything else is a 409.");
}
