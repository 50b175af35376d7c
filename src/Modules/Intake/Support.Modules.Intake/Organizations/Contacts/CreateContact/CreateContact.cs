using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using JasperFx;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations.Contacts.CreateContact;

// A parameter with a default is optional in the OpenAPI schema; the others are listed as required.
/// <summary>A new requester at a customer organisation.</summary>
/// <param name="Name">How the requester is addressed.</param>
/// <param name="Email">Where the requester is written to; unique within the organisation, whatever its case.</param>
/// <param name="Language">The language to write to the requester in: <c>fr</c> or <c>en</c>; omit it to use the organisation's.</param>
internal sealed record CreateContact(string? Name, string? Email, Language? Language = null) : IRequest<CreateContactResult>
{
    /// <summary>The organisation; from the route, never from the body.</summary>
    [JsonIgnore]
    public Guid OrganizationId { get; init; }

    /// <summary>Who adds it; set by the endpoint.</summary>
    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();
}

/// <summary>What came of adding a contact: the endpoint turns each case into its answer.</summary>
internal abstract record CreateContactResult
{
    public sealed record Created(ContactView Contact) : CreateContactResult;

    /// <summary>No such organisation, or one the caller may not act for: the same answer for both (NF-3).</summary>
    public sealed record OrganizationNotFound : CreateContactResult;

    public sealed record EmailTaken(ContactView Existing) : CreateContactResult;
}

internal sealed class CreateContactValidator : AbstractValidator<CreateContact>
{
    public CreateContactValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Email).NotEmpty().EmailAddress().MaximumLength(320);
    }
}

internal sealed class CreateContactHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<CreateContact, CreateContactResult>
{
    public async Task<CreateContactResult> Handle(CreateContact command, CancellationToken cancellationToken)
    {
        var organizationId = command.OrganizationId;
        if (!command.Caller.CanActFor(organizationId)
            || !await session.Query<Organization>().AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            return new CreateContactResult.OrganizationNotFound();
        }

        var email = command.Email!.Trim();
        if (await FindAsync(organizationId, email, cancellationToken) is { } existing)
        {
            return new CreateContactResult.EmailTaken(ContactView.From(existing));
        }

        var contact = new Contact
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            OrganizationId = organizationId,
            Name = command.Name!.Trim(),
            Email = email,
            Language = command.Language,
            CreatedAt = clock.GetUtcNow(),
        };
        session.Insert(contact);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException exception) when (exception.DocType == typeof(Contact)) // not the idempotency record: that one is a replay
        {
            // The id is new, so the unique (organisation, email) index refused it: the same address was
            // added concurrently, after our check. Name the one that won.
            session.Eject(contact);
            return await FindAsync(organizationId, email, cancellationToken) is { } winner
                ? new CreateContactResult.EmailTaken(ContactView.From(winner))
                : throw new InvalidOperationException($"Contact {contact.Id} was refused as a duplicate, but no contact has its address.");
        }

        return new CreateContactResult.Created(ContactView.From(contact));
    }

    private Task<Contact?> FindAsync(Guid organizationId, string email, CancellationToken cancellationToken)
    {
        var key = ContactEmails.Key(email);
        return session.Query<Contact>()
            .Where(c => c.OrganizationId == organizationId && c.Email.ToLowerInvariant() == key)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
