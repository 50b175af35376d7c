using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Tickets;

/// <summary>IN-5 channels and IN-8 entitlements, through the API.</summary>
public sealed class ChannelTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private string _standard = null!;
    private string _phoneContract = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        var admin = _api.Admin();
        _standard = await admin.CreateOrganizationAsync("Standard Co", contract: "standard");
        _phoneContract = await admin.CreateOrganizationAsync("Phone Co", contract: "phone");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _standard, _phoneContract));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _partner.Dispose();
        await _api.DisposeAsync();
    }

    private static object PhoneTicket(string organizationId, string? callNotes) => new
    {
        organizationId,
        requester = new { email = "caller@customer.example", name = "Carl Caller" },
        subject = "Cannot print invoices",
        description = "Called about invoices not printing.",
        category = "usage",
        priority = "normal",
        channel = "phone",
        callNotes,
    };

    private async Task<System.Text.Json.Nodes.JsonNode> ReadAsync(HttpClient client, System.Text.Json.Nodes.JsonNode created) =>
        await (await client.GetAsync($"/api/v1/tickets/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);

    [Test] // IN-5: an agent records the call
    public async Task Given_a_phone_call_recorded_by_an_agent_Then_the_ticket_keeps_the_call_notes_for_staff_only()
    {
        var created = await _agent.SubmitTicketAsync(PhoneTicket(_phoneContract, "Printer driver 3.1; asked to reinstall."));

        var staffView = await ReadAsync(_agent, created);
        var partnerView = await ReadAsync(_partner, created);

        Assert.Multiple(() =>
        {
            Assert.That(staffView["channel"]!.GetValue<string>(), Is.EqualTo("phone"));
            Assert.That(staffView["callNotes"]!.GetValue<string>(), Does.Contain("reinstall"));
            Assert.That(partnerView["callNotes"], Is.Null);
        });
    }

    [Test] // IN-5
    public async Task Given_a_phone_ticket_without_call_notes_or_from_a_partner_Then_it_is_refused()
    {
        var withoutNotes = await _agent.PostJsonAsync("/api/v1/tickets", PhoneTicket(_phoneContract, null));
        var fromPartner = await _partner.PostJsonAsync("/api/v1/tickets", PhoneTicket(_phoneContract, "notes"));
        var notesOnEmail = await _agent.PostJsonAsync("/api/v1/tickets", new
        {
            organizationId = _phoneContract, requester = new { email = "a@b.example", name = "A" }, subject = "s", description = "d",
            category = "usage", priority = "low", channel = "email", callNotes = "not a call",
        });

        Assert.Multiple(async () =>
        {
            Assert.That((await withoutNotes.ExpectAsync(HttpStatusCode.BadRequest))["errors"]!["callNotes"], Is.Not.Null);
            Assert.That(fromPartner.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await notesOnEmail.ExpectAsync(HttpStatusCode.BadRequest))["errors"]!["callNotes"], Is.Not.Null);
        });
    }

    [Test] // IN-8: recorded all the same, and flagged for the agent
    public async Task Given_a_channel_the_contract_does_not_cover_Then_the_ticket_is_accepted_and_flagged_outside_contract()
    {
        var outside = await _agent.SubmitTicketAsync(PhoneTicket(_standard, "Called although the contract is email only."));
        var covered = await _agent.SubmitTicketAsync(PhoneTicket(_phoneContract, "Covered call."));
        var byApi = await _partner.SubmitTicketAsync(Api.Ticket(_standard));

        var queue = await (await _agent.GetAsync("/api/v1/queue?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var flagged = queue["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == outside["id"]!.GetValue<string>())!;

        Assert.Multiple(async () =>
        {
            Assert.That((await ReadAsync(_agent, outside))["outsideContract"]!.GetValue<bool>(), Is.True);
            Assert.That((await ReadAsync(_agent, covered))["outsideContract"]!.GetValue<bool>(), Is.False);
            Assert.That((await ReadAsync(_agent, byApi))["outsideContract"]!.GetValue<bool>(), Is.False);
            Assert.That(flagged["outsideContract"]!.GetValue<bool>(), Is.True, "the agent sees the flag in the queue");
        });
    }
}
