using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Modules.Triage.Contracts;
using Support.Modules.Triage.Tickets;

namespace Support.Modules.Triage.Tests.Tickets;

/// <summary>A conversation reads oldest first even when its messages are recorded in another order (emails delivered concurrently).</summary>
public sealed class ConversationOrderTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Given_a_reply_recorded_after_a_later_one_Then_the_conversation_keeps_the_order_they_were_written_in()
    {
        var ticket = Ticket.Create(new TicketSubmitted(
            Guid.CreateVersion7(Opened), "SUP-1", Guid.NewGuid(), "Acme", new RequesterContact("jane@acme.example", "Jane"), Language.En,
            "Subject", "Description", TicketCategory.Usage, TicketPriority.Normal, TicketChannel.Email, "technical-support", null, null,
            OutsideContract: false, FollowUpOf: null, SubmittedBy: "email") { OccurredAt = Opened });
        var second = new MessageAdded(Guid.NewGuid(), "second", MessageVisibility.Public, MessageAuthor.Requester, "email", Opened.AddMinutes(2));
        var first = new MessageAdded(Guid.NewGuid(), "first", MessageVisibility.Public, MessageAuthor.Requester, "email", Opened.AddMinutes(1),
            new EmailOrigin(Guid.NewGuid(), "jane@acme.example", "first@acme.example", EmailThreadKey.MessageId, false, ["Attachment 'x.exe' was not kept."]));

        ticket.Apply(second);
        ticket.Apply(first);

        Assert.That(ticket.Messages.Select(m => m.Body), Is.EqualTo(new[] { "first", "Attachment 'x.exe' was not kept.", "second" }));
    }
}
