using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.AssignOrganization;

/// <summary>Attaches a ticket from an unknown email sender to its organisation (IN-5).</summary>
internal sealed record AssignOrganization : TicketChange
{
    /// <summary>The organisation the sender belongs to.</summary>
    public Guid? OrganizationId { get; init; }

    /// <summary>Also make the requester a contact of it (unless they are one), so that their next emails are recognised; false by default.</summary>
    public bool? AddRequesterAsContact { get; init; }
}

internal sealed class AssignOrganizationValidator : AbstractValidator<AssignOrganization>
{
    public AssignOrganizationValidator() =>
        RuleFor(x => x.OrganizationId).NotNull().NotEqual(Guid.Empty).WithMessage("'organizationId' is required: the organisation the sender belongs to.");
}

internal sealed class AssignOrganizationHandler(IDocumentSession session, IMediator mediator, TimeProvider clock) : IRequestHandler<AssignOrganization, TicketView>
{
    public async Task<TicketView> Handle(AssignOrganization command, CancellationToken cancellationToken)
    {
        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        if (!ticket.UnknownSender)
        {
            throw new ConflictException(
                "The ticket has its organisation",
                $"Ticket {ticket.Number} belongs to {ticket.OrganizationName}: only a ticket from an unknown email sender is attached to an organisation.");
        }

        var organization = await mediator.Send(new FindOrganizationForTicket(command.OrganizationId!.Value, ticket.Channel), cancellationToken);
        if (organization is null || organization.Reserved)
        {
            throw new UnprocessableException("organizationId", "No organization with this id exists (GET /api/v1/organizations lists them).");
        }

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        stream.AppendOne(new OrganizationAssigned(
            ticket.OrganizationId, organization.Id, organization.Name, organization.Language, organization.OutsideContract, by, now));
        session.Publish(new TicketOrganizationAssigned(ticket.Id, ticket.Number, organization.Id, ticket.OrganizationId, organization.Name, organization.Language,
            ticket.Requester, command.AddRequesterAsContact ?? false), now);
        var assigned = await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken);
        return await TicketViews.ViewAsync(session, assigned, command.Caller, clock, cancellationToken);
    }
}
