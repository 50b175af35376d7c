using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations.CreateOrganization;

// A parameter with a default is optional in the OpenAPI schema; the others are listed as required.
/// <summary>A new customer organisation.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Language">The language its people are written to in: <c>fr</c> or <c>en</c>.</param>
/// <param name="Contract">Its support contract: <c>standard</c>, <c>phone</c>, <c>onsite</c> or <c>extended</c>.</param>
/// <param name="EmailDomains">The mail domains that identify its people, e.g. <c>example.com</c>: mail from an unknown address
/// at one of them, or under one, is attributed to this organisation. At most 50; kept lower-case, without a leading <c>@</c>,
/// internationalised ones in punycode, once each. A public webmail's (<c>gmail.com</c>, <c>orange.fr</c>…) is refused, and a
/// domain another organisation has is a 409.</param>
internal sealed record CreateOrganization(string? Name, Language? Language, SupportContract? Contract, IReadOnlyList<string>? EmailDomains = null)
    : IRequest<OrganizationView>;

internal sealed class CreateOrganizationValidator : AbstractValidator<CreateOrganization>
{
    public CreateOrganizationValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Language).NotNull().WithMessage("'language' is required: fr or en.");
        RuleFor(x => x.Contract).NotNull().WithMessage("'contract' is required: standard, phone, onsite or extended.");
        RuleFor(x => x.EmailDomains).MailDomainCount();
        RuleForEach(x => x.EmailDomains).MailDomain();
    }
}

internal sealed class CreateOrganizationHandler(IDocumentSession session, TimeProvider clock)
    : IRequestHandler<CreateOrganization, OrganizationView>
{
    public async Task<OrganizationView> Handle(CreateOrganization request, CancellationToken cancellationToken)
    {
        var organization = new Organization
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Language = request.Language!.Value,
            Contract = request.Contract!.Value,
            EmailDomains = MailDomains.NormalizeAll(request.EmailDomains ?? []),
            CreatedAt = clock.GetUtcNow(),
        };
        await MailDomainClaims.ClaimAsync(session, organization, previous: [], cancellationToken);
        session.Insert(organization);
        await MailDomainClaims.SaveAsync(session, organization, cancellationToken);
        return OrganizationView.From(organization);
    }
}
