using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Shared.Http;

namespace Support.Modules.Notifications.Webhooks.RotateSecret;

// A parameter with a default is optional in the OpenAPI schema; the others are listed as required.
/// <summary>A new signing secret for a webhook.</summary>
/// <param name="Secret">The new secret, 16 to 256 characters; when omitted, a random one is made. Either way it is answered this once.</param>
internal sealed record RotateSecret(string? Secret = null) : IRequest<WebhookWithSecret>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();
}

internal sealed class RotateSecretValidator : AbstractValidator<RotateSecret>
{
    public RotateSecretValidator() =>
        RuleFor(x => x.Secret).Length(WebhookSecrets.MinLength, WebhookSecrets.MaxLength).When(x => x.Secret is not null)
            .WithMessage($"'secret' must be {WebhookSecrets.MinLength} to {WebhookSecrets.MaxLength} characters, or left out to get a random one.");
}

/// <summary>The new secret signs from now on; the one it replaces signs too until the overlap is over, so receivers can switch without losing a delivery.</summary>
internal sealed class RotateSecretHandler(IDocumentSession session, IOptions<WebhookOptions> options, TimeProvider clock)
    : IRequestHandler<RotateSecret, WebhookWithSecret>
{
    public async Task<WebhookWithSecret> Handle(RotateSecret command, CancellationToken cancellationToken)
    {
        var webhook = await session.LoadAsync<Webhook>(command.Id, cancellationToken);
        if (webhook is null || !webhook.VisibleTo(command.Caller))
        {
            throw new NotFoundException("webhook");
        }

        var now = clock.GetUtcNow();
        var secret = command.Secret ?? WebhookSecrets.Generate();
        webhook.RotateSecret(secret, now, options.Value.SecretOverlap);
        session.Store(webhook);
        await session.SaveChangesAsync(cancellationToken);
        return WebhookWithSecret.From(webhook, secret, now);
    }
}
