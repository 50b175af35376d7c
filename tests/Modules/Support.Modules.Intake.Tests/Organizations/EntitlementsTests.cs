using NUnit.Framework;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Tests.Organizations;

public sealed class EntitlementsTests
{
    // IN-8, the whole table: standard is updates and email assistance (plus the self-service channels),
    // phone adds phone assistance, onsite and extended go further still.
    [TestCase(SupportContract.Standard, TicketChannel.Api, true)]
    [TestCase(SupportContract.Standard, TicketChannel.Email, true)]
    [TestCase(SupportContract.Standard, TicketChannel.Chat, true)]
    [TestCase(SupportContract.Standard, TicketChannel.Phone, false)]
    [TestCase(SupportContract.Phone, TicketChannel.Api, true)]
    [TestCase(SupportContract.Phone, TicketChannel.Email, true)]
    [TestCase(SupportContract.Phone, TicketChannel.Chat, true)]
    [TestCase(SupportContract.Phone, TicketChannel.Phone, true)]
    [TestCase(SupportContract.Onsite, TicketChannel.Api, true)]
    [TestCase(SupportContract.Onsite, TicketChannel.Email, true)]
    [TestCase(SupportContract.Onsite, TicketChannel.Chat, true)]
    [TestCase(SupportContract.Onsite, TicketChannel.Phone, true)]
    [TestCase(SupportContract.Extended, TicketChannel.Api, true)]
    [TestCase(SupportContract.Extended, TicketChannel.Email, true)]
    [TestCase(SupportContract.Extended, TicketChannel.Chat, true)]
    [TestCase(SupportContract.Extended, TicketChannel.Phone, true)]
    public void Given_a_contract_and_a_channel_Then_coverage_follows_the_IN_8_table(SupportContract contract, TicketChannel channel, bool covered)
    {
        Assert.That(Entitlements.Covers(contract, channel), Is.EqualTo(covered));
    }

    [Test]
    public void Given_every_contract_and_channel_Then_the_table_above_lists_them_all()
    {
        // A contract or channel added later must get a decision here, not a silent default.
        Assert.Multiple(() =>
        {
            Assert.That(Enum.GetValues<SupportContract>(), Has.Length.EqualTo(4));
            Assert.That(Enum.GetValues<TicketChannel>(), Has.Length.EqualTo(4));
        });
    }

    [Test]
    public void Given_a_value_outside_the_enums_Then_nothing_is_covered()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Entitlements.Covers((SupportContract)99, TicketChannel.Email), Is.False);
            Assert.That(Entitlements.Covers(SupportContract.Extended, (TicketChannel)99), Is.False);
        });
    }
}
