using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Triage.Tickets;

namespace Support.Modules.Triage.Tests.Tickets;

/// <summary>The transition table of TR-3, in one place.</summary>
public sealed class TicketLifecycleTests
{
    [TestCase(TicketStatus.New, TicketStatus.InProgress)]
    [TestCase(TicketStatus.New, TicketStatus.WaitingOnCustomer)]
    [TestCase(TicketStatus.New, TicketStatus.Resolved)]
    [TestCase(TicketStatus.InProgress, TicketStatus.WaitingOnCustomer)]
    [TestCase(TicketStatus.InProgress, TicketStatus.WaitingOnDevelopment)]
    [TestCase(TicketStatus.InProgress, TicketStatus.WaitingOnProduct)]
    [TestCase(TicketStatus.InProgress, TicketStatus.Resolved)]
    [TestCase(TicketStatus.WaitingOnCustomer, TicketStatus.InProgress)]
    [TestCase(TicketStatus.WaitingOnCustomer, TicketStatus.WaitingOnCustomer)]
    [TestCase(TicketStatus.WaitingOnCustomer, TicketStatus.Resolved)]
    [TestCase(TicketStatus.WaitingOnDevelopment, TicketStatus.InProgress)]
    [TestCase(TicketStatus.WaitingOnProduct, TicketStatus.Resolved)]
    [TestCase(TicketStatus.Resolved, TicketStatus.InProgress)]
    [TestCase(TicketStatus.Resolved, TicketStatus.Closed)]
    public void Given_an_allowed_transition_Then_the_table_allows_it(TicketStatus from, TicketStatus to) =>
        Assert.That(TicketLifecycle.CanTransition(from, to), Is.True);

    [TestCase(TicketStatus.New, TicketStatus.Closed)]
    [TestCase(TicketStatus.InProgress, TicketStatus.Closed)]
    [TestCase(TicketStatus.InProgress, TicketStatus.New)]
    [TestCase(TicketStatus.WaitingOnCustomer, TicketStatus.Closed)]
    [TestCase(TicketStatus.Resolved, TicketStatus.Resolved)]
    [TestCase(TicketStatus.Resolved, TicketStatus.WaitingOnCustomer)]
    [TestCase(TicketStatus.Closed, TicketStatus.InProgress)]
    [TestCase(TicketStatus.Closed, TicketStatus.Resolved)]
    public void Given_a_forbidden_transition_Then_the_table_refuses_it(TicketStatus from, TicketStatus to) =>
        Assert.That(TicketLifecycle.CanTransition(from, to), Is.False);

    [Test]
    public void Given_every_status_Then_the_table_knows_what_may_follow_it() =>
        Assert.That(Enum.GetValues<TicketStatus>().Select(TicketLifecycle.AllowedFrom), Has.All.Not.Null);

    [Test]
    public void Given_a_closed_ticket_Then_nothing_may_follow_and_the_refusal_says_so()
    {
        var refusal = Assert.Throws<ConflictException>(() => TicketLifecycle.Ensure(TicketStatus.Closed, TicketStatus.InProgress, "take it up again"));

        Assert.Multiple(() =>
        {
            Assert.That(refusal!.Message, Does.Contain("allows no change of status"));
            Assert.That(refusal.Extensions["allowedTransitions"], Is.Empty);
        });
    }

    [Test]
    public void Given_a_refused_transition_Then_the_refusal_names_the_allowed_ones_as_the_api_writes_them()
    {
        var refusal = Assert.Throws<ConflictException>(() => TicketLifecycle.Ensure(TicketStatus.New, TicketStatus.Closed, "close the ticket"));

        Assert.That(refusal!.Extensions["allowedTransitions"], Is.EqualTo(new[]
        {
            "in_progress", "waiting_on_customer", "waiting_on_development", "waiting_on_product", "resolved",
        }));
    }
}
