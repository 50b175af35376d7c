using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Support.Modules.Escalation.Suggestions.Merge;

internal sealed class MergeEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSuggestionChange<Merge>("merge")
            .WithName("MergeSuggestion")
            .WithSummary("Merge a suggestion into another one (product)")
            .WithDescription("ES-5: moves every request of this suggestion (each requesting organisation, requester and ticket) into the suggestion `into`, which is ranked again and returned; this one becomes `merged`, pointing at it. Requests the product team later adds to a merged suggestion go to the one it was merged into. Both must be open (409 otherwise); an unknown `into` is a 422, merging into itself a 400.");
}
