using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations.Contacts.RequesterLanguage;

internal sealed class FindRequesterLanguageHandler(IQuerySession session) : IRequestHandler<FindRequesterLanguage, Language>
{
    public async Task<Language> Handle(FindRequesterLanguage request, CancellationToken cancellationToken)
    {
        var key = ContactEmails.Key(request.Email);

        // Both reads in one round trip: most requesters are not contacts, so the organisation is usually needed too.
        var batch = session.CreateBatchQuery();
        var organization = batch.Load<Organization>(request.OrganizationId);
        var contact = batch.Query<Contact>()
            .Where(c => c.OrganizationId == request.OrganizationId && c.Email.ToLowerInvariant() == key)
            .FirstOrDefault();
        await batch.Execute(cancellationToken);

        return (await contact)?.Language
            ?? (await organization)?.Language
            ?? throw new KeyNotFoundException($"No organization {request.OrganizationId}.");
    }
}
