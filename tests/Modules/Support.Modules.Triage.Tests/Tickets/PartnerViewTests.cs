using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets;

/// <summary>What partners see (NF-3, CT-1, TR-3, TR-7): their organisations' tickets, and only the public part.</summary>
public sealed class PartnerViewTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private HttpClient _otherPartner = null!;
    private string _organization = null!;
    private string _otherOrganization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Customer One");
        _otherOrganization = await admin.CreateOrganizationAsync("Customer Two");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _organization));
        _otherPartner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _otherOrganization));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _partner.Dispose();
        _otherPartner.Dispose();
        await _api.DisposeAsync();
    }

    [Test] // TR-7: internal notes never reach partners, in any endpoint
    public async Task Given_an_internal_note_Then_the_partner_never_sees_it_in_detail_messages_or_history()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await _agent.ChangeAsync(id, "assignment");
        var before = (await _partner.GetTicketAsync(id)).Text("updatedAt");
        var note = await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "SECRET: customer is on an old build", visibility = "internal" }))
            .ExpectAsync(HttpStatusCode.Created);
        var afterNote = (await _partner.GetTicketAsync(id)).Text("updatedAt");
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Could you update to the latest build?" }))
            .ExpectAsync(HttpStatusCode.Created);

        var detail = await (await _partner.GetAsync($"/api/v1/tickets/{id}")).Content.ReadAsStringAsync();
        var messages = await _partner.MessagesAsync(id);
        var history = await (await _partner.GetAsync($"/api/v1/tickets/{id}/history")).Content.ReadAsStringAsync();
        var noteItself = await _partner.GetAsync($"/api/v1/tickets/{id}/messages/{note.Id()}");
        var staffMessages = await _agent.MessagesAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(detail, Does.Not.Contain("SECRET"));
            Assert.That(history, Does.Not.Contain("SECRET"));
            Assert.That(messages.Select(m => m.Text("body")), Is.EqualTo(new[] { "Could you update to the latest build?" }));
            Assert.That(messages.Single()["by"], Is.Null, "who wrote it stays internal");
            Assert.That(noteItself.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(staffMessages, Has.Count.EqualTo(2));
            Assert.That(afterNote, Is.EqualTo(before), "an internal note does not show as a change to partners");
        });
    }

    [Test] // TR-3: who and what team are staff-only
    public async Task Given_a_ticket_in_charge_Then_the_partner_sees_its_status_but_not_who_has_it()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await _agent.ChangeAsync(id, "assignment");

        var seen = await _partner.GetTicketAsync(id);
        var history = await _partner.HistoryAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(seen.Text("status"), Is.EqualTo("in_progress"));
            Assert.That(seen["assigneeId"], Is.Null);
            Assert.That(seen["outsideContract"], Is.Null);
            Assert.That(history.Select(e => e.Text("by")), Is.EqualTo(new[] { "requester", "support" }));
            Assert.That(history[1]["data"]!.AsObject(), Is.Empty);
        });
    }

    [Test] // TR-7
    public async Task Given_a_partner_Then_it_may_not_write_internal_notes_nor_act_as_an_agent()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var note = await _partner.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "x", visibility = "internal" });
        var take = await _partner.PostJsonAsync($"/api/v1/tickets/{id}/assignment", new { });
        var resolve = await _partner.PostJsonAsync($"/api/v1/tickets/{id}/resolution", new { resolution = "withdrawn" });

        Assert.Multiple(() =>
        {
            Assert.That(note.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(take.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(resolve.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test] // NF-3, CT-1
    public async Task Given_tickets_of_two_organisations_Then_each_partner_lists_and_reads_only_its_own()
    {
        var mine = (await _partner.SubmitTicketAsync(Api.Ticket(_organization, subject: "Mine"))).Id();
        var theirs = (await _otherPartner.SubmitTicketAsync(Api.Ticket(_otherOrganization, subject: "Theirs"))).Id();

        var myList = await (await _partner.GetAsync("/api/v1/tickets?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var askingForTheirs = await (await _partner.GetAsync($"/api/v1/tickets?organizationId={_otherOrganization}")).ExpectAsync(HttpStatusCode.OK);
        var staffList = await (await _agent.GetAsync($"/api/v1/tickets?organizationId={_otherOrganization}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(async () =>
        {
            var ids = myList["items"]!.AsArray().Select(i => i!.Id()).ToList();
            Assert.That(ids, Does.Contain(mine).And.Not.Contain(theirs));
            Assert.That(askingForTheirs["items"]!.AsArray(), Is.Empty);
            Assert.That(staffList["items"]!.AsArray().Select(i => i!.Id()), Does.Contain(theirs));
            foreach (var path in new[] { "", "/history", "/messages" })
            {
                Assert.That((await _partner.GetAsync($"/api/v1/tickets/{theirs}{path}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
            }

            Assert.That((await _partner.PostJsonAsync($"/api/v1/tickets/{theirs}/messages", new { body = "hi" })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await _partner.PostJsonAsync($"/api/v1/tickets/{theirs}/reopen", new { reason = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test] // API contract: lists filter and page
    public async Task Given_filters_and_small_pages_Then_the_list_walks_through_the_matching_tickets_once_newest_first()
    {
        var organization = await _api.Admin().CreateOrganizationAsync("Filtered");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _agent.SubmitTicketAsync(Api.Ticket(organization, category: i % 2 == 0 ? "other" : "chat", subject: $"t{i}"))).Id());
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await _agent.GetAsync($"/api/v1/tickets?organizationId={organization}&category=other&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"))
                .ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!.Id()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(seen, Is.EqualTo(new[] { ids[4], ids[2], ids[0] }));
    }
}
