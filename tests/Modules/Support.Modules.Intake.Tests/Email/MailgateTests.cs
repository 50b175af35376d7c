using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Email;

/// <summary>
/// IN-5, IN-7: mail handed over by a mail server (<c>POST /api/v1/inbound/email</c>) goes through the
/// one ingestion: routed by its recipients, its sender matched, replies threaded by each key, each
/// message once, machines never answered, bounces and strangers kept out of tickets.
/// </summary>
public sealed class MailgateTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;
    private HttpClient _mailgate = null!;
    private string _acme = "";

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Mail:Inbound:MaxPerSenderPerHour"] = "5",
            ["Support:Tickets:ReopenWindow"] = "00:00:00",
        });
        _admin = _api.Admin();
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        _mailgate = _api.ClientWithKey(await _admin.CreateApiKeyAsync("mailgate"));
        var acme = await (await _admin.PostJsonAsync("/api/v1/organizations", new { name = "Acme", language = "fr", contract = "standard", emailDomains = new[] { "acme.example" } }))
            .ExpectAsync(HttpStatusCode.Created);
        _acme = acme["id"]!.GetValue<string>();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _admin.Dispose();
        _agent.Dispose();
        _mailgate.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task Given_a_message_to_a_queue_address_Then_it_opens_one_ticket_in_that_queue_for_the_senders_organisation_and_is_acknowledged()
    {
        var received = await (await _mailgate.PostEmailAsync(Mail.Message(
                "Jean Dupont <jean@acme.example>", "training@support.localhost", "Formation sur l'export", "Bonjour,\nquand a lieu la prochaine formation ?",
                messageId: "formation-1@acme.example")))
            .ExpectAsync(HttpStatusCode.Created);
        var ticket = await TicketAsync(received);
        var acknowledgement = await Mail.SentAboutAsync(_api, ticket["number"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(received["status"]!.GetValue<string>(), Is.EqualTo("ingested"));
            Assert.That(ticket["queue"]!.GetValue<string>(), Is.EqualTo("training"));
            Assert.That(ticket["organizationId"]!.GetValue<string>(), Is.EqualTo(_acme), "matched by the organisation's email domain");
            Assert.That(ticket["channel"]!.GetValue<string>(), Is.EqualTo("email"));
            Assert.That(ticket["requester"]!["email"]!.GetValue<string>(), Is.EqualTo("jean@acme.example"));
            Assert.That(ticket["requester"]!["name"]!.GetValue<string>(), Is.EqualTo("Jean Dupont"));
            Assert.That(ticket["description"]!.GetValue<string>(), Does.Contain("prochaine formation"));
            Assert.That(ticket["unknownSender"]!.GetValue<bool>(), Is.False);
            Assert.That(ticket["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()), Has.Some.EndsWith(".eml"), "the original kept");
            Assert.That(acknowledgement.To.Mailboxes.Single().Address, Is.EqualTo("jean@acme.example"));
            Assert.That(acknowledgement.InReplyTo, Is.EqualTo("formation-1@acme.example"), "threads with the requester's email");
            Assert.That(acknowledgement.ReplyTo.Mailboxes.Single().Address, Is.EqualTo("training@support.localhost"), "replies reach the queue's mailbox");
            Assert.That(acknowledgement.HtmlBody, Does.Contain($"[ref:ticket-{Guid.Parse(ticket["id"]!.GetValue<string>()):N}]"), "the hidden reference");
        });
    }

    [Test]
    public async Task Given_a_message_to_two_queue_addresses_sent_twice_Then_one_ticket_is_opened_and_the_second_delivery_answers_the_first_record()
    {
        var raw = Mail.Message("paul@acme.example", "training@support.localhost", "Deux équipes", "Pour les deux équipes.", cc: "partners@support.localhost");

        var first = await (await _mailgate.PostEmailAsync(raw)).ExpectAsync(HttpStatusCode.Created);
        var again = await (await _mailgate.PostEmailAsync(raw)).ExpectAsync(HttpStatusCode.OK);
        var tickets = await (await _agent.GetAsync($"/api/v1/tickets?limit=200")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(again["id"]!.GetValue<string>(), Is.EqualTo(first["id"]!.GetValue<string>()));
            Assert.That(tickets["items"]!.AsArray().Count(t => t!["subject"]!.GetValue<string>() == "Deux équipes"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Given_replies_Then_each_threading_key_finds_the_ticket_and_the_history_says_which()
    {
        var ticket = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "lea@acme.example", "support@support.localhost", "Export impossible", "L'export échoue."))).ExpectAsync(HttpStatusCode.Created));
        var id = ticket["id"]!.GetValue<string>();
        var number = ticket["number"]!.GetValue<string>();
        var acknowledgement = await Mail.SentAboutAsync(_api, number);
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/waiting-on-customer", new { message = "Quelle version utilisez-vous ?" })).ExpectAsync(HttpStatusCode.OK);

        var byHeaders = await (await _mailgate.PostEmailAsync(Mail.Message(
            "lea@acme.example", "support@support.localhost", "Re: votre demande", "La version 12.", inReplyTo: acknowledgement.MessageId))).ExpectAsync(HttpStatusCode.Created);
        var bySubject = await (await _mailgate.PostEmailAsync(Mail.Message(
            "lea@acme.example", "support@support.localhost", $"RE: [{number}] Export impossible", "Toujours pas."))).ExpectAsync(HttpStatusCode.Created);
        var byReference = await (await _mailgate.PostEmailAsync(Mail.Message(
            "lea@acme.example", "support@support.localhost", "une question", $"Encore moi.\n\n> Votre demande\n> [ref:ticket-{Guid.Parse(id):N}]"))).ExpectAsync(HttpStatusCode.Created);

        var messages = await Eventually.ValueAsync(async () =>
        {
            var page = await (await _agent.GetAsync($"/api/v1/tickets/{id}/messages?limit=200")).ExpectAsync(HttpStatusCode.OK);
            var items = page["items"]!.AsArray();
            return items.Count(m => m!["author"]!.GetValue<string>() == "requester") >= 3 ? items : null;
        }, what: "the three replies on the ticket");
        var current = await (await _agent.GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(HttpStatusCode.OK);
        var history = await (await _agent.GetAsync($"/api/v1/tickets/{id}/history?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var keys = history["items"]!.AsArray().Select(e => e!["data"]!["email"]?["matchedBy"]?.GetValue<string>()).Where(k => k is not null).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(new[] { byHeaders, bySubject, byReference }.Select(r => r["matchedBy"]!.GetValue<string>()),
                Is.EqualTo(new[] { "message_id", "subject_token", "hidden_reference" }));
            Assert.That(new[] { byHeaders, bySubject, byReference }.Select(r => r["ticketId"]!.GetValue<string>()), Is.All.EqualTo(id));
            Assert.That(messages.Select(m => m!["body"]!.GetValue<string>()), Has.Some.Contains("La version 12."));
            Assert.That(current["status"]!.GetValue<string>(), Is.EqualTo("in_progress"), "the reply support waited for (TR-4)");
            Assert.That(keys, Is.EquivalentTo(new[] { "message_id", "subject_token", "hidden_reference" }));
        });
    }

    [Test]
    public async Task Given_a_sender_no_organisation_knows_Then_the_ticket_is_flagged_for_an_agent_who_attaches_it_to_its_organisation()
    {
        var ticket = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "someone@elsewhere.example", "support@support.localhost", "Hello", "Who do I talk to?"))).ExpectAsync(HttpStatusCode.Created));
        var id = ticket["id"]!.GetValue<string>();
        var partner = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", _acme));

        var hidden = await partner.GetAsync($"/api/v1/tickets/{id}");
        var assigned = await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/organization", new { organizationId = _acme, addRequesterAsContact = true }))
            .ExpectAsync(HttpStatusCode.OK);
        var again = await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/organization", new { organizationId = _acme })).ExpectAsync(HttpStatusCode.Conflict);
        var visible = await partner.GetAsync($"/api/v1/tickets/{id}");
        await Eventually.TrueAsync(async () =>
            (await (await _agent.GetAsync($"/api/v1/organizations/{_acme}/contacts")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Any(c => c!["email"]!.GetValue<string>() == "someone@elsewhere.example"), what: "the sender made a contact");
        var next = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "someone@elsewhere.example", "support@support.localhost", "Again", "It is me again."))).ExpectAsync(HttpStatusCode.Created));

        var reservedKey = await _admin.PostJsonAsync("/api/v1/api-keys", new { name = "Sees strangers", role = "partner", organizationIds = new[] { ticket["organizationId"]!.GetValue<string>() } });
        var reservedTicket = await _agent.PostJsonAsync("/api/v1/tickets", Api.Ticket(ticket["organizationId"]!.GetValue<string>()));

        Assert.Multiple(() =>
        {
            Assert.That(reservedKey.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "no partner acts for the unknown senders");
            Assert.That(reservedTicket.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "no ticket is opened for them over the API");
            Assert.That(ticket["unknownSender"]!.GetValue<bool>(), Is.True);
            Assert.That(ticket["organizationId"]!.GetValue<string>(), Is.Not.EqualTo(_acme));
            Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no partner sees an unknown sender's ticket");
            Assert.That(assigned["unknownSender"]!.GetValue<bool>(), Is.False);
            Assert.That(assigned["organizationId"]!.GetValue<string>(), Is.EqualTo(_acme));
            Assert.That(again["title"], Is.Not.Null);
            Assert.That(visible.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(next["organizationId"]!.GetValue<string>(), Is.EqualTo(_acme), "the sender, now a contact, is recognised");
            Assert.That(next["unknownSender"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public async Task Given_an_auto_reply_Then_it_is_recorded_but_never_answered_and_does_not_count_as_the_requesters_answer()
    {
        var opened = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "max@acme.example", "support@support.localhost", "Absent du bureau", "Je suis absent jusqu'au 5.",
            extraHeaders: "Auto-Submitted: auto-replied"))).ExpectAsync(HttpStatusCode.Created));
        var human = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "max@acme.example", "support@support.localhost", "Une vraie question", "Bonjour"))).ExpectAsync(HttpStatusCode.Created));
        var humanId = human["id"]!.GetValue<string>();
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{humanId}/waiting-on-customer", new { message = "Pouvez-vous préciser ?" })).ExpectAsync(HttpStatusCode.OK);
        var outOfOffice = await (await _mailgate.PostEmailAsync(Mail.Message(
            "max@acme.example", "support@support.localhost", $"Automatic reply: [{human["number"]!.GetValue<string>()}] Une vraie question", "Absent.",
            extraHeaders: "Auto-Submitted: auto-replied\nX-Auto-Response-Suppress: All"))).ExpectAsync(HttpStatusCode.Created);

        await Mail.SentAboutAsync(_api, human["number"]!.GetValue<string>()); // the person's ticket is acknowledged
        await Eventually.TrueAsync(async () =>
            (await (await _agent.GetAsync($"/api/v1/tickets/{humanId}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Any(m => m!["body"]!.GetValue<string>() == "Absent."), what: "the auto-reply on the ticket");
        var stillWaiting = await (await _agent.GetAsync($"/api/v1/tickets/{humanId}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(outOfOffice["automatic"]!.GetValue<bool>(), Is.True);
            Assert.That(Mail.Sent(_api).Any(m => m.Subject?.Contains($"[{opened["number"]!.GetValue<string>()}]", StringComparison.Ordinal) == true), Is.False,
                "an automatic message is never acknowledged");
            Assert.That(stillWaiting["status"]!.GetValue<string>(), Is.EqualTo("waiting_on_customer"));
        });
    }

    [Test]
    public async Task Given_a_bounce_of_our_acknowledgement_Then_it_is_that_emails_delivery_failure_not_a_ticket()
    {
        var ticket = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "nobody-here@acme.example", "support@support.localhost", "Will bounce", "Hello"))).ExpectAsync(HttpStatusCode.Created));
        var acknowledgement = await Mail.SentAboutAsync(_api, ticket["number"]!.GetValue<string>());

        var bounce = await (await _mailgate.PostEmailAsync(Bounce(acknowledgement, "nobody-here@acme.example"))).ExpectAsync(HttpStatusCode.Created);
        var email = await Eventually.ValueAsync(async () =>
        {
            var page = await (await _admin.GetAsync($"/api/v1/notifications/emails?ticketId={ticket["id"]}")).ExpectAsync(HttpStatusCode.OK);
            return page["items"]!.AsArray().FirstOrDefault(e => e!["status"]!.GetValue<string>() == "bounced");
        }, what: "the acknowledgement marked bounced");

        Assert.Multiple(() =>
        {
            Assert.That(bounce["status"]!.GetValue<string>(), Is.EqualTo("bounced"));
            Assert.That(bounce["ticketId"], Is.Null);
            Assert.That(email!["lastError"]!.GetValue<string>(), Does.Contain("5.1.1").And.Contain("nobody-here@acme.example"));
        });
    }

    [Test]
    public async Task Given_a_reply_from_a_stranger_Then_it_is_held_until_an_agent_accepts_it()
    {
        var ticket = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "claire@acme.example", "support@support.localhost", "Facture", "Ma facture est fausse."))).ExpectAsync(HttpStatusCode.Created));
        var id = ticket["id"]!.GetValue<string>();

        var spoofed = await (await _mailgate.PostEmailAsync(Mail.Message(
            "Claire <claire@acme-billing.example>", "support@support.localhost", $"Re: [{ticket["number"]!.GetValue<string>()}] Facture",
            "Merci d'envoyer le remboursement sur ce nouvel IBAN."))).ExpectAsync(HttpStatusCode.Created);
        var before = await (await _agent.GetAsync($"/api/v1/tickets/{id}/messages")).ExpectAsync(HttpStatusCode.OK);
        var accepted = await (await _agent.PostAsync($"/api/v1/inbound/emails/{spoofed["id"]}/accept", null)).ExpectAsync(HttpStatusCode.OK);
        await (await _agent.PostAsync($"/api/v1/inbound/emails/{spoofed["id"]}/accept", null)).ExpectAsync(HttpStatusCode.Conflict);
        await Eventually.TrueAsync(async () =>
            (await (await _agent.GetAsync($"/api/v1/tickets/{id}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Any(m => m!["body"]!.GetValue<string>().Contains("IBAN", StringComparison.Ordinal)), what: "the accepted reply on the ticket");

        Assert.Multiple(() =>
        {
            Assert.That(spoofed["status"]!.GetValue<string>(), Is.EqualTo("held"));
            Assert.That(spoofed["reason"]!.GetValue<string>(), Does.Contain("claire@acme-billing.example"));
            Assert.That(before["items"]!.AsArray(), Is.Empty, "nothing joins the ticket by itself");
            Assert.That(accepted["status"]!.GetValue<string>(), Is.EqualTo("ingested"));
        });
    }

    [Test]
    public async Task Given_two_agents_accepting_one_held_reply_at_once_Then_it_joins_the_ticket_once()
    {
        var ticket = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "ines@acme.example", "support@support.localhost", "Accès", "Je n'ai plus accès."))).ExpectAsync(HttpStatusCode.Created));
        var id = ticket["id"]!.GetValue<string>();
        var held = await (await _mailgate.PostEmailAsync(Mail.Message(
            "ines.perso@elsewhere.example", "support@support.localhost", $"Re: [{ticket["number"]!.GetValue<string>()}] Accès", "C'est moi, depuis chez moi."))).ExpectAsync(HttpStatusCode.Created);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _agent.PostAsync($"/api/v1/inbound/emails/{held["id"]}/accept", null)));
        await Eventually.TrueAsync(async () =>
            (await (await _agent.GetAsync($"/api/v1/tickets/{id}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Count > 0,
            what: "the accepted reply on the ticket");
        await Task.Delay(TimeSpan.FromSeconds(1)); // time for a second message, if there were one
        var messages = await (await _agent.GetAsync($"/api/v1/tickets/{id}/messages")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(answers.Where(a => a.StatusCode != HttpStatusCode.OK).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict));
            Assert.That(messages["items"]!.AsArray().Count(m => m!["body"]!.GetValue<string>().Contains("depuis chez moi", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Given_a_message_id_longer_than_an_index_takes_Then_it_is_still_ingested_once()
    {
        var messageId = $"{new string('x', 5000)}@acme.example";
        var raw = Mail.Message("long@acme.example", "support@support.localhost", "Long id", "Hello", messageId: messageId);

        var first = await (await _mailgate.PostEmailAsync(raw)).ExpectAsync(HttpStatusCode.Created);
        var again = await (await _mailgate.PostEmailAsync(raw)).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(first["status"]!.GetValue<string>(), Is.EqualTo("ingested"));
            Assert.That(again["id"]!.GetValue<string>(), Is.EqualTo(first["id"]!.GetValue<string>()));
        });
    }

    [Test]
    public async Task Given_a_latin1_message_with_an_attachment_Then_accents_survive_and_the_file_is_kept()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Hélène Çelik", "helene@acme.example"));
        message.To.Add(MailboxAddress.Parse("support@support.localhost"));
        message.Subject = "Problème d'accès à l'écran";
        var text = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        text.SetText(Encoding.Latin1, "L'écran « Préférences » reste bloqué, même après redémarrage. Ça coûte cher.");
        var pdf = new MimePart("application", "pdf") { FileName = "capture-écran.pdf", Content = new MimeContent(new MemoryStream("%PDF-1.4 test"u8.ToArray())) };
        message.Body = new MimeKit.Multipart("mixed") { text, pdf };
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw);

        var ticket = await TicketAsync(await (await _mailgate.PostEmailAsync(raw.ToArray())).ExpectAsync(HttpStatusCode.Created));

        Assert.Multiple(() =>
        {
            Assert.That(ticket["subject"]!.GetValue<string>(), Is.EqualTo("Problème d'accès à l'écran"));
            Assert.That(ticket["description"]!.GetValue<string>(), Does.Contain("L'écran « Préférences » reste bloqué").And.Contain("Ça coûte cher."));
            Assert.That(ticket["requester"]!["name"]!.GetValue<string>(), Is.EqualTo("Hélène Çelik"));
            Assert.That(ticket["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()), Has.Member("capture-écran.pdf"));
        });
    }

    [Test]
    public async Task Given_a_message_without_sender_Then_it_is_quarantined_with_its_raw_content_and_can_be_retried()
    {
        var raw = "To: support@support.localhost\r\nSubject: orphan\r\nMessage-ID: <orphan-1@nowhere.example>\r\n\r\nNo one sent this.\r\n";

        var poison = await (await _mailgate.PostEmailAsync(raw)).ExpectAsync(HttpStatusCode.Created);
        var listed = await (await _agent.GetAsync("/api/v1/inbound/emails?status=quarantined")).ExpectAsync(HttpStatusCode.OK);
        var content = await _agent.GetAsync($"/api/v1/inbound/emails/{poison["id"]}/raw");
        var retried = await (await _admin.PostAsync($"/api/v1/inbound/emails/{poison["id"]}/retry", null)).ExpectAsync(HttpStatusCode.OK);
        var byAgent = await _agent.PostAsync($"/api/v1/inbound/emails/{poison["id"]}/retry", null);

        Assert.Multiple(async () =>
        {
            Assert.That(poison["status"]!.GetValue<string>(), Is.EqualTo("quarantined"));
            Assert.That(poison["reason"]!.GetValue<string>(), Does.Contain("no sender"));
            Assert.That(listed["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()), Has.Member(poison["id"]!.GetValue<string>()));
            Assert.That(await content.Content.ReadAsStringAsync(), Is.EqualTo(raw));
            Assert.That(retried["status"]!.GetValue<string>(), Is.EqualTo("quarantined"), "still without sender");
            Assert.That(retried["attempts"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(byAgent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Given_a_sender_over_the_hourly_limit_Then_the_next_messages_are_kept_throttled_until_released()
    {
        for (var i = 0; i < 5; i++)
        {
            await (await _mailgate.PostEmailAsync(Mail.Message("flood@acme.example", "support@support.localhost", $"Flood {i}", "again"))).ExpectAsync(HttpStatusCode.Created);
        }

        var throttled = await (await _mailgate.PostEmailAsync(Mail.Message("flood@acme.example", "support@support.localhost", "Flood 5", "again")))
            .ExpectAsync(HttpStatusCode.Created);
        var released = await (await _admin.PostAsync($"/api/v1/inbound/emails/{throttled["id"]}/retry", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(throttled["status"]!.GetValue<string>(), Is.EqualTo("throttled"));
            Assert.That(throttled["ticketId"], Is.Null);
            Assert.That(released["status"]!.GetValue<string>(), Is.EqualTo("ingested"));
            Assert.That(released["ticketId"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Given_a_sender_dating_each_message_earlier_than_the_last_Then_the_hourly_limit_still_applies()
    {
        var now = DateTimeOffset.UtcNow;
        var answers = new List<JsonNode>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await (await _mailgate.PostEmailAsync(Mail.Message(
                "backwards@acme.example", "support@support.localhost", $"Back {i}", "again", date: now.AddMinutes(-10 * i)))).ExpectAsync(HttpStatusCode.Created));
        }

        Assert.That(answers.Select(a => a["status"]!.GetValue<string>()),
            Is.EqualTo(new[] { "ingested", "ingested", "ingested", "ingested", "ingested", "throttled" }));
    }

    [Test]
    public async Task Given_mail_from_our_own_address_Then_it_is_ignored()
    {
        var own = await (await _mailgate.PostEmailAsync(Mail.Message(
            "Support <support@support.localhost>", "training@support.localhost", "[SUP-1] Votre demande", "loop"))).ExpectAsync(HttpStatusCode.Created);

        Assert.Multiple(() =>
        {
            Assert.That(own["status"]!.GetValue<string>(), Is.EqualTo("ignored"));
            Assert.That(own["ticketId"], Is.Null);
        });
    }

    [Test]
    public async Task Given_a_reply_to_a_closed_ticket_past_the_reopen_window_Then_a_linked_follow_up_ticket_is_opened()
    {
        var ticket = await TicketAsync(await (await _mailgate.PostEmailAsync(Mail.Message(
            "remi@acme.example", "support@support.localhost", "Ancien sujet", "Premier message"))).ExpectAsync(HttpStatusCode.Created));
        var id = ticket["id"]!.GetValue<string>();
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/resolution", new { resolution = "solved", note = "Corrigé." })).ExpectAsync(HttpStatusCode.OK);

        await (await _mailgate.PostEmailAsync(Mail.Message(
            "remi@acme.example", "support@support.localhost", $"Re: [{ticket["number"]!.GetValue<string>()}] Ancien sujet", "Le problème est revenu."))).ExpectAsync(HttpStatusCode.Created);
        var linked = await Eventually.ValueAsync(async () =>
        {
            var current = await (await _agent.GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(HttpStatusCode.OK);
            return current["followUps"]!.AsArray().Count > 0 ? current : null;
        }, what: "the follow-up");
        var followUp = await Eventually.ValueAsync(async () =>
        {
            var response = await _agent.GetAsync($"/api/v1/tickets/{linked["followUps"]![0]}");
            return response.IsSuccessStatusCode ? await response.ReadJsonAsync() : null;
        }, what: "the follow-up ticket");

        // A reply-all to the old thread afterwards joins the follow-up, rather than opening another one.
        await (await _mailgate.PostEmailAsync(Mail.Message(
            "remi@acme.example", "support@support.localhost", $"Re: [{ticket["number"]!.GetValue<string>()}] Ancien sujet", "Encore une précision."))).ExpectAsync(HttpStatusCode.Created);
        var followUpId = followUp["id"]!.GetValue<string>();
        await Eventually.TrueAsync(async () =>
            (await (await _agent.GetAsync($"/api/v1/tickets/{followUpId}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Any(m => m!["body"]!.GetValue<string>() == "Encore une précision."), what: "the later reply on the follow-up");
        var earlier = await (await _agent.GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(earlier["followUps"]!.AsArray(), Has.Count.EqualTo(1), "no second follow-up");
            Assert.That(followUp["followUpOf"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(followUp["description"]!.GetValue<string>(), Does.Contain("Le problème est revenu."));
            Assert.That(followUp["channel"]!.GetValue<string>(), Is.EqualTo("email"));
        });
    }

    [Test]
    public async Task Given_an_agent_key_or_a_body_that_is_not_a_message_Then_the_mailgate_refuses_it()
    {
        var agent = await _agent.PostEmailAsync(Mail.Message("x@acme.example", "support@support.localhost", "x", "x"));
        var json = await _mailgate.PostJsonAsync("/api/v1/inbound/email", new { raw = "x" });
        var empty = await _mailgate.PostEmailAsync([]);

        Assert.Multiple(() =>
        {
            Assert.That(agent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    private async Task<JsonNode> TicketAsync(JsonNode received)
    {
        Assert.That(received["ticketId"], Is.Not.Null, $"the email opened no ticket: {received}");
        return await (await _agent.GetAsync($"/api/v1/tickets/{received["ticketId"]}")).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A delivery status notification (RFC 3464) about one of our emails, as a receiving server sends it back.</summary>
    private static byte[] Bounce(MimeMessage original, string recipient)
    {
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "This message was created automatically by mail delivery software. Delivery failed." },
        };
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", "dns; mx.acme.example" } };
        var perRecipient = new HeaderList
        {
            { "Final-Recipient", $"rfc822; {recipient}" }, { "Action", "failed" }, { "Status", "5.1.1" },
            { "Diagnostic-Code", "smtp; 550 5.1.1 User unknown" },
        };
        status.StatusGroups.Add(perMessage);
        status.StatusGroups.Add(perRecipient);
        report.Add(status);
        report.Add(new MessagePart { Message = original });
        var bounce = new MimeMessage();
        bounce.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@mx.acme.example"));
        bounce.To.Add(MailboxAddress.Parse("support@support.localhost"));
        bounce.Subject = "Undelivered Mail Returned to Sender";
        bounce.Headers.Add("Auto-Submitted", "auto-replied");
        bounce.Body = report;
        using var stream = new MemoryStream();
        bounce.WriteTo(stream);
        return stream.ToArray();
    }
}
