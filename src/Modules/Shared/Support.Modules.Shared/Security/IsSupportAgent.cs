using MediatR;

namespace Support.Modules.Shared.Security;

/// <summary>Asks whether this key id belongs to someone who can work tickets (an agent or an administrator).</summary>
/// <param name="KeyId">An API key id, as tickets record who is in charge.</param>
public sealed record IsSupportAgent(string KeyId) : IRequest<bool>;
