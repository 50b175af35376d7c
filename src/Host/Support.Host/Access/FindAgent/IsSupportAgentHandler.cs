using Marten;
using MediatR;
using Support.Modules.Shared.Security;

namespace Support.Host.Access.FindAgent;

/// <summary>Answers from the API keys: agents and administrators work tickets.</summary>
internal sealed class IsSupportAgentHandler(IQuerySession session) : IRequestHandler<IsSupportAgent, bool>
{
    public async Task<bool> Handle(IsSupportAgent request, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(request.KeyId, out var id))
        {
            return false;
        }

        var key = await session.LoadAsync<ApiKey>(id, cancellationToken);
        return key is { Role: Role.Agent or Role.Admin };
    }
}
