using MediatR;

namespace Support.Modules.Intake.Contracts;

/// <summary>
/// Asks Intake which queue an email address feeds (IN-5), e.g. for a message sent to it; answers
/// the queue's id, or null when no queue has this intake address.
/// </summary>
/// <param name="Address">The address, bare (<c>support@example.com</c>) or as a header gives it
/// (<c>Support &lt;support@example.com&gt;</c>); compared case-insensitively.</param>
public sealed record FindQueueByIntakeAddress(string Address) : IRequest<string?>;

/// <summary>
/// Asks Intake for a queue's intake address: where the requester's replies are to go (the emails
/// about its tickets name it as <c>Reply-To</c>); null when the queue has none or does not exist.
/// </summary>
/// <param name="QueueId">The queue's id.</param>
public sealed record FindQueueIntakeAddress(string QueueId) : IRequest<string?>;
