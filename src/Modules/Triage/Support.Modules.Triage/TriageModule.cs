using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared;
using Support.Modules.Shared.Attachments;
using Support.Modules.Triage.Tickets;
using Support.Modules.Triage.Tickets.Pending;
using Support.Modules.Triage.Tickets.Sla;
using Support.Modules.Triage.Tickets.Streaming;

namespace Support.Modules.Triage;

/// <summary>Triage: the ticket's life after intake (statuses, assignment, conversation, history) and the work queue.</summary>
public static class TriageModule
{
    public static IServiceCollection AddTriageModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TicketOptions>(configuration.GetSection(TicketOptions.Section));
        services.AddModuleHandlers(typeof(TriageModule).Assembly);
        services.AddAttachments(configuration);
        services.AddTicketStreams(configuration);
        services.AddPendingReminders(configuration);
        services.AddSlaClocks(configuration);
        services.ConfigureMarten(marten =>
        {
            // The ticket is a snapshot of its stream, updated in the transaction that appends to it.
            marten.Projections.Snapshot<Ticket>(SnapshotLifecycle.Inline);
            marten.Events.AddEventTypes(
            [
                typeof(TicketSubmitted), typeof(TakenInCharge), typeof(CategoryCorrected), typeof(MessageAdded), typeof(AwaitingCustomer),
                typeof(CustomerReplied), typeof(Resolved), typeof(Reopened), typeof(Closed), typeof(DuplicateLinked), typeof(FollowUpOpened),
                typeof(AttachmentAdded), typeof(ReminderSent), typeof(ReproductionRecorded), typeof(EscalatedToDevelopment), typeof(FixDeployed),
                typeof(FixConfirmationRecorded), typeof(ForwardedToProduct), typeof(ProductDecided),
            ]);
            marten.Schema.For<Ticket>().DatabaseSchemaName("triage")
                .UniqueIndex(x => x.Number)
                .Duplicate(x => x.OrderKey)
                .Duplicate(x => x.ArrivalKey)
                .Duplicate(x => x.Queue)
                .Duplicate(x => x.Status)
                .Duplicate(x => x.OrganizationId)
                .Duplicate(x => x.AssigneeId);
        });
        return services;
    }
}
