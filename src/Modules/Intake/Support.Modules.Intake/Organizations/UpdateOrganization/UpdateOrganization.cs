using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations.UpdateOrganization;

// A parameter with a default is optional in the OpenAPI schema; the others are listed as required.
/// <summary>Changes to a customer organisation: only the fields sent change.</summary>
/// <param name="Name">Its new name.</param>
/// <param name="Language">The language its people are written to in: <c>fr</c> or <c>en</c>.</param>
/// <param name="Contract">Its support contract: <c>standard</c>, <c>phone</c>, <c>onsite</c> or <c>extended</c>.</param>
/// <param name="EmailDomains">The mail domains that identify its people, replacing the current ones (<c>[]</c> removes them all;
/// omitted, they stay). At most 50; kept lower-case, without a leading <c>@</c>, internationalised ones in punycode, once each.
/// A public webmail's (<c>gmail.com</c>, <c>orange.fr</c>…) is refused, and a domain another organisation has is a 409.</param>
internal sealed record UpdateOrganization(
    string? Name = null, Language? Language = null, SupportContract? Contract = null, IReadOnlyList<string>? EmailDomains = null)
    : IRequest<OrganizationView?>
{
    /// <summary>Which organisation; from the route, never from the body.</summary>
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class UpdateOrganizationValidator : AbstractValidator<UpdateOrganization>
{
    public UpdateOrganizationValidator()
    {
        RuleFor(x => x)
            .Must(x => x.Name is not null || x.Language is not null || x.Contract is not null || x.EmailDomains is not null)
            .OverridePropertyName("body")
            .WithMessage("Send at least one of name, language, contract or emailDomains.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200).When(x => x.Name is not null);
        RuleFor(x => x.EmailDomains).MailDomainCount();
        RuleForEach(x => x.EmailDomains).MailDomain();
    }
}

internal sealed class UpdateOrganizationHandler(IDocumentSession session) : IRequestHandler<UpdateOrganization, OrganizationView?>
{
    public async Task<OrganizationView?> Handle(UpdateOrganization request, CancellationToken cancellationToken)
    {
        var organization = await session.LoadAsync<Organization>(request.Id, cancellationToken);
        if (organization is null)
        {
            return null;
        }

        organization.Name = request.Name?.Trim() ?? organization.Name;
        organization.Language = request.Language ?? organization.Language;
        organization.Contract = request.Contract ?? organization.Contract;
        if (request.EmailDomains is { } domains)
        {
            var previous = organization.EmailDomains;
            organization.EmailDomains = MailDomains.NormalizeAll(domains);
            await MailDomainClaims.ClaimAsync(session, organization, previous, cancellationToken);
        }

        // Versioned (optimistic concurrency): of two changes made at once, the second is a 409 and writes nothing,
        // so the claims always match the one list that won.
        session.Store(organization);
        await MailDomainClaims.SaveAsync(session, organization, cancellationToken);
        return OrganizationView.From(organization);
    }
}
