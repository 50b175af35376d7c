using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Escalation.DevelopmentIssues;
using Support.Modules.Escalation.Suggestions;
using Support.Modules.Escalation.Tickets;
using Support.Modules.Shared;
using Weasel.Postgresql;

namespace Support.Modules.Escalation;

internal static class EscalationSchema
{
    public const string Name = "escalation";
}

/// <summary>
/// Escalation: bugs reproduced by support and escalated to development issues that fan the fix out
/// to every linked ticket (ES-1..ES-4), feature requests forwarded to the product team as ranked,
/// mergeable suggestions (ES-5..ES-7). Tickets move in Triage, which follows this module's events.
/// </summary>
public static class EscalationModule
{
    public static IServiceCollection AddEscalationModule(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddModuleHandlers(typeof(EscalationModule).Assembly);
        services.ConfigureMarten(marten =>
        {
            // Optimistic concurrency: two agents linking tickets to one issue at once, or a decision
            // racing a merge, cannot overwrite each other; the loser gets a 409 and retries.
            marten.Schema.For<TicketEscalation>().DatabaseSchemaName(EscalationSchema.Name).UseOptimisticConcurrency(true);
            marten.Schema.For<DevelopmentIssue>().DatabaseSchemaName(EscalationSchema.Name).UseOptimisticConcurrency(true)
                .UniqueIndex(x => x.Number)
                .Duplicate(x => x.ListKey)
                .Duplicate(x => x.Status);
            marten.Schema.For<ProductSuggestion>().DatabaseSchemaName(EscalationSchema.Name).UseOptimisticConcurrency(true)
                .UniqueIndex(x => x.Number)
                .Duplicate(x => x.RankKey)
                .Duplicate(x => x.Status);
            marten.Storage.ExtendedSchemaObjects.Add(new Sequence($"{EscalationSchema.Name}.{DevelopmentIssue.NumberSequence}"));
            marten.Storage.ExtendedSchemaObjects.Add(new Sequence($"{EscalationSchema.Name}.{ProductSuggestion.NumberSequence}"));
        });
        return services;
    }
}
