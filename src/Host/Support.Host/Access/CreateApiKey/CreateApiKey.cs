using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Host.Access.CreateApiKey;

/// <summary>A new API key.</summary>
/// <param name="Name">What the key is for, e.g. the partner's name.</param>
/// <param name="Role">admin, agent, developer, product, partner or mailgate.</param>
/// <param name="OrganizationIds">For partner keys (required): the organisations it acts for.</param>
internal sealed record CreateApiKey(string? Name, Role? Role, IReadOnlyList<Guid>? OrganizationIds = null) : IRequest<CreatedApiKey>
{
    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();
}

/// <summary>A key as the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Role">Its role.</param>
/// <param name="OrganizationIds">For partner keys: the organisations it acts for.</param>
/// <param name="CreatedAt">When it was created.</param>
internal record ApiKeyView(Guid Id, string Name, Role Role, IReadOnlyList<Guid> OrganizationIds, DateTimeOffset CreatedAt)
{
    public static ApiKeyView From(ApiKey key) => new(key.Id, key.Name, key.Role, key.OrganizationIds, key.CreatedAt);
}

/// <summary>A key just created, with its secret: shown this once, never again.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Role">Its role.</param>
/// <param name="OrganizationIds">For partner keys: the organisations it acts for.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Key">The secret to send as <c>Authorization: Bearer &lt;key&gt;</c>.</param>
internal sealed record CreatedApiKey(Guid Id, string Name, Role Role, IReadOnlyList<Guid> OrganizationIds, DateTimeOffset CreatedAt, string Key)
    : ApiKeyView(Id, Name, Role, OrganizationIds, CreatedAt);

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKey>
{
    public CreateApiKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Role).NotNull().WithMessage("'role' is required: admin, agent, developer, product, partner or mailgate.");
        RuleFor(x => x.OrganizationIds).NotEmpty().When(x => x.Role == Role.Partner)
            .WithMessage("A partner key must name the organisations it acts for.");
        RuleFor(x => x.OrganizationIds).Empty().When(x => x.Role is not null and not Role.Partner)
            .WithMessage("Only partner keys are scoped to organisations.");
    }
}

internal sealed class CreateApiKeyHandler(IDocumentSession session, IMediator mediator, TimeProvider clock)
    : IRequestHandler<CreateApiKey, CreatedApiKey>
{
    public async Task<CreatedApiKey> Handle(CreateApiKey request, CancellationToken cancellationToken)
    {
        var organizationIds = (request.OrganizationIds ?? []).Distinct().ToList();
        if (organizationIds.Count > 0)
        {
            var unknown = await mediator.Send(new FindUnknownOrganizations(organizationIds), cancellationToken);
            if (unknown.Count > 0)
            {
                throw new UnprocessableException("organizationIds", $"No organization with id {string.Join(", ", unknown)} exists.");
            }
        }

        var id = Guid.CreateVersion7();
        var (key, hash) = ApiKeySecrets.Generate(id);
        var apiKey = new ApiKey
        {
            Id = id,
            Name = request.Name!.Trim(),
            Role = request.Role!.Value,
            OrganizationIds = organizationIds,
            SecretHash = hash,
            CreatedBy = request.Caller.KeyId(),
            CreatedAt = clock.GetUtcNow(),
        };
        session.Insert(apiKey);
        await session.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(apiKey.Id, apiKey.Name, apiKey.Role, apiKey.OrganizationIds, apiKey.CreatedAt, key);
    }
}
