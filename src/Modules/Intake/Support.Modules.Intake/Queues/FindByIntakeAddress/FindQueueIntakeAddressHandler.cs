using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Queues.FindByIntakeAddress;

internal sealed class FindQueueIntakeAddressHandler(IQuerySession session) : IRequestHandler<FindQueueIntakeAddress, string?>
{
    public async Task<string?> Handle(FindQueueIntakeAddress request, CancellationToken cancellationToken) =>
        (await session.LoadAsync<Queue>(request.QueueId, cancellationToken))?.IntakeAddress;
}
