using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Modules.Triage.Queue;

namespace Support.Modules.Triage.Tests.Queue;

/// <summary>TR-1 as a pure rule: bugs first by priority then arrival; everything else first-come, first-served.</summary>
public sealed class QueueOrderTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static string Key(TicketCategory category, TicketPriority priority, int minutes) =>
        QueueOrder.KeyFor(category, priority, Monday.AddMinutes(minutes), Guid.NewGuid());

    [Test]
    public void Given_a_bug_that_arrived_last_Then_it_still_comes_before_every_other_category()
    {
        var usage = Key(TicketCategory.Usage, TicketPriority.Critical, 0);
        var bug = Key(TicketCategory.Bug, TicketPriority.Low, 60);

        Assert.That(string.CompareOrdinal(bug, usage), Is.Negative);
    }

    [Test]
    public void Given_bugs_Then_requester_priority_orders_them_before_arrival()
    {
        var ordered = new[]
        {
            (Name: "low, first", Key: Key(TicketCategory.Bug, TicketPriority.Low, 0)),
            (Name: "critical, last", Key: Key(TicketCategory.Bug, TicketPriority.Critical, 30)),
            (Name: "high", Key: Key(TicketCategory.Bug, TicketPriority.High, 10)),
            (Name: "normal", Key: Key(TicketCategory.Bug, TicketPriority.Normal, 20)),
            (Name: "critical, first", Key: Key(TicketCategory.Bug, TicketPriority.Critical, 5)),
        }.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Name);

        Assert.That(ordered, Is.EqualTo(new[] { "critical, first", "critical, last", "high", "normal", "low, first" }));
    }

    [Test]
    public void Given_other_categories_Then_arrival_alone_orders_them_whatever_their_priority()
    {
        var ordered = new[]
        {
            (Name: "feature critical, third", Key: Key(TicketCategory.Feature, TicketPriority.Critical, 20)),
            (Name: "usage low, first", Key: Key(TicketCategory.Usage, TicketPriority.Low, 0)),
            (Name: "chat high, second", Key: Key(TicketCategory.Chat, TicketPriority.High, 10)),
            (Name: "other normal, fourth", Key: Key(TicketCategory.Other, TicketPriority.Normal, 30)),
        }.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Name);

        Assert.That(ordered, Is.EqualTo(new[] { "usage low, first", "chat high, second", "feature critical, third", "other normal, fourth" }));
    }

    [Test]
    public void Given_two_tickets_at_the_same_instant_Then_the_order_is_still_total()
    {
        var first = QueueOrder.KeyFor(TicketCategory.Usage, TicketPriority.Normal, Monday, Guid.Parse("00000000-0000-0000-0000-000000000001"));
        var second = QueueOrder.KeyFor(TicketCategory.Usage, TicketPriority.Normal, Monday, Guid.Parse("00000000-0000-0000-0000-000000000002"));

        Assert.That(string.CompareOrdinal(first, second), Is.Negative);
    }
}
