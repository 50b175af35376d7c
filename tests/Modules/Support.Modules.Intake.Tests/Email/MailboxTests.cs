using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Search;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Email;

/// <summary>
/// IN-5, IN-7, NF-2 against a real IMAP server (Dovecot): a message appended to a queue's mailbox
/// becomes one ticket within the poll interval and is acknowledged; its reply lands on the ticket;
/// a restart mid-mailbox, a lost <c>\Seen</c> flag or two hosts never make a second ticket.
/// </summary>
public sealed class MailboxTests
{
    private const string Password = "imap-secret";
    private DovecotServer _imap = null!;

    [OneTimeSetUp]
    public async Task StartImap() => _imap = await DovecotServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopImap() => await _imap.DisposeAsync();

    [Test]
    public async Task Given_a_queue_mailbox_Then_a_new_message_becomes_a_ticket_its_sender_is_acknowledged_and_the_reply_lands_on_it()
    {
        var user = NewUser();
        await using var api = Host();
        using var admin = api.Admin();
        await CreateOrganizationAsync(admin);
        var mailbox = await CreateMailboxAsync(admin, user);

        await _imap.AppendAsync(user, Password, Encoding.UTF8.GetBytes(Mail.Message(
            "Anna <anna@initech.example>", "training@support.localhost", "Inscription", "Je voudrais m'inscrire.")));
        var received = await WaitForEmailsAsync(admin, mailbox, 1);
        var ticket = await (await admin.GetAsync($"/api/v1/tickets/{received[0]["ticketId"]}")).ExpectAsync(HttpStatusCode.OK);
        var number = ticket["number"]!.GetValue<string>();
        var acknowledgement = await Mail.SentAboutAsync(api, number);

        await _imap.AppendAsync(user, Password, Encoding.UTF8.GetBytes(Mail.Message(
            "anna@initech.example", "training@support.localhost", $"Re: {acknowledgement.Subject}", "Merci !", inReplyTo: acknowledgement.MessageId)));
        var both = await WaitForEmailsAsync(admin, mailbox, 2);
        await Eventually.TrueAsync(async () =>
            (await (await admin.GetAsync($"/api/v1/tickets/{ticket["id"]}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Any(m => m!["body"]!.GetValue<string>() == "Merci !"), what: "the reply on the ticket");
        var status = await (await admin.GetAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.OK);
        var flags = await _imap.ListAsync(user, Password);

        Assert.Multiple(() =>
        {
            Assert.That(ticket["queue"]!.GetValue<string>(), Is.EqualTo("training"));
            Assert.That(ticket["channel"]!.GetValue<string>(), Is.EqualTo("email"));
            Assert.That(acknowledgement.To.Mailboxes.Single().Address, Is.EqualTo("anna@initech.example"));
            Assert.That(both.Select(e => e["ticketId"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1), "the reply joined the ticket");
            Assert.That(status["status"]!["ingested"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(status["status"]!["lastUid"]!.GetValue<uint>(), Is.EqualTo(flags.Max(f => f.Uid)));
            Assert.That(status["imap"]!["password"], Is.Null, "never returned");
            Assert.That(flags.Select(f => f.Seen), Is.All.True, "marked read once stored");
        });
    }

    [Test]
    public async Task Given_a_server_that_offers_idle_Then_new_mail_is_read_as_it_arrives_not_at_the_next_poll()
    {
        var user = NewUser();
        await using var api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Mail:Inbound:PollInterval"] = "00:05:00",
            ["Support:Mail:Inbound:RetryDelay"] = "00:00:01",
        });
        using var admin = api.Admin();
        await CreateOrganizationAsync(admin);
        var mailbox = await CreateMailboxAsync(admin, user);
        await Eventually.TrueAsync(async () =>
        {
            var view = await (await admin.GetAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.OK);
            return view["status"]!["lastPollAt"] is not null;
        }, what: "the first reading, after which the host waits in IDLE");

        await _imap.AppendAsync(user, Password, Encoding.UTF8.GetBytes(Mail.Message(
            "fay@initech.example", "support@support.localhost", "While idle", "Read at once?")));
        var received = await Eventually.ValueAsync(async () =>
        {
            var page = await (await admin.GetAsync($"/api/v1/inbound/emails?mailboxId={mailbox}")).ExpectAsync(HttpStatusCode.OK);
            return page["items"]!.AsArray().FirstOrDefault();
        }, TimeSpan.FromSeconds(30), "the message, well before the five-minute poll");

        Assert.That(received!["status"]!.GetValue<string>(), Is.EqualTo("ingested"));
    }

    [Test]
    public async Task Given_a_message_that_names_no_queue_address_Then_it_goes_to_its_mailboxs_queue()
    {
        var user = NewUser();
        await using var api = Host();
        using var admin = api.Admin();
        await CreateOrganizationAsync(admin);
        var mailbox = await CreateMailboxAsync(admin, user, queue: "agencies");
        var unknownQueue = await admin.PatchJsonAsync($"/api/v1/mailboxes/{mailbox}", new { queue = "no-such-queue" });

        await _imap.AppendAsync(user, Password, Encoding.UTF8.GetBytes(Mail.Message(
            "erin@initech.example", "undisclosed-recipients:;", "Sent in Bcc", "To the agencies' alias.")));
        var received = await WaitForEmailsAsync(admin, mailbox, 1);
        var ticket = await (await admin.GetAsync($"/api/v1/tickets/{received[0]["ticketId"]}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(unknownQueue.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(ticket["queue"]!.GetValue<string>(), Is.EqualTo("agencies"));
        });
    }

    [Test]
    public async Task Given_a_poison_message_Then_it_is_quarantined_and_the_mailbox_goes_on_with_the_next_one()
    {
        var user = NewUser();
        await using var api = Host();
        using var admin = api.Admin();
        await CreateOrganizationAsync(admin);
        await _imap.AppendAsync(user, Password, Encoding.UTF8.GetBytes(
            "To: support@support.localhost\r\nSubject: nobody sent this\r\nMessage-ID: <poison-1@nowhere.example>\r\n\r\nNo sender.\r\n"));
        await _imap.AppendAsync(user, Password, Encoding.UTF8.GetBytes(Mail.Message(
            "dan@initech.example", "support@support.localhost", "After the poison", "Still here.")));
        var mailbox = await CreateMailboxAsync(admin, user);

        var emails = await WaitForEmailsAsync(admin, mailbox, 2);
        var status = await Eventually.ValueAsync(async () =>
        {
            var view = await (await admin.GetAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.OK);
            return view["status"]!["ingested"]!.GetValue<int>() == 1 ? view : null;
        }, what: "the mailbox's counts");

        Assert.Multiple(async () =>
        {
            Assert.That(emails.Select(e => e["status"]!.GetValue<string>()), Is.EquivalentTo(new[] { "quarantined", "ingested" }));
            Assert.That(status["status"]!["quarantined"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That((await _imap.ListAsync(user, Password)).Select(f => f.Seen), Is.All.True, "the poison does not block the mailbox");
        });
    }

    [Test]
    public async Task Given_a_restart_in_the_middle_of_a_mailbox_and_lost_flags_Then_every_message_makes_exactly_one_ticket()
    {
        var user = NewUser();
        var database = TestPostgres.Instance.CreateDatabase();
        const int count = 8;
        for (var i = 0; i < count; i++)
        {
            await _imap.AppendAsync(user, Password, Encoding.UTF8.GetBytes(Mail.Message(
                "bob@initech.example", "support@support.localhost", $"Message {i}", $"Corps {i}")));
        }

        string mailbox;
        await using (var first = Host(database))
        {
            using var admin = first.Admin();
            await CreateOrganizationAsync(admin);
            mailbox = await CreateMailboxAsync(admin, user);
            await WaitForEmailsAsync(admin, mailbox, 1, exactly: false); // stopped as soon as it started
        }

        await using (var second = Host(database))
        {
            using var admin = second.Admin();
            await WaitForEmailsAsync(admin, mailbox, count);
        }

        // A crash between a commit and the \Seen flag, and a lost checkpoint: everything is read again.
        using (var client = await _imap.ConnectAsync(user, Password))
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
            await client.Inbox.RemoveFlagsAsync(await client.Inbox.SearchAsync(SearchQuery.All), MessageFlags.Seen, silent: true);
            await client.DisconnectAsync(quit: true);
        }
        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var forget = new Npgsql.NpgsqlCommand("delete from intake.mt_doc_mailboxcheckpoint", connection);
            await forget.ExecuteNonQueryAsync();
        }

        await using (var third = Host(database))
        {
            using var admin = third.Admin();
            await Eventually.TrueAsync(async () => (await _imap.ListAsync(user, Password)).All(f => f.Seen), what: "every message read again");
            var emails = await WaitForEmailsAsync(admin, mailbox, count);
            var tickets = await admin.ReadAllPagesAsync("/api/v1/tickets", 200);

            Assert.Multiple(() =>
            {
                Assert.That(emails.Select(e => e["messageId"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(count));
                Assert.That(tickets.Count(t => t["subject"]!.GetValue<string>().StartsWith("Message ", StringComparison.Ordinal)), Is.EqualTo(count));
            });
        }
    }

    [Test]
    public async Task Given_two_hosts_reading_one_mailbox_Then_no_message_is_ingested_twice()
    {
        var user = NewUser();
        var database = TestPostgres.Instance.CreateDatabase();
        await using var one = Host(database);
        await using var two = Host(database);
        using var admin = one.Admin();
        using var otherAdmin = two.Admin();
        await CreateOrganizationAsync(admin);
        var mailbox = await CreateMailboxAsync(admin, user);
        await (await otherAdmin.GetAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.OK); // both hosts are up

        const int count = 10;
        for (var i = 0; i < count; i++)
        {
            await _imap.AppendAsync(user, Password, Encoding.UTF8.GetBytes(Mail.Message(
                "carol@initech.example", "support@support.localhost", $"Parallel {i}", $"Corps {i}")));
        }

        await WaitForEmailsAsync(admin, mailbox, count);
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for a second ingestion, if there were one
        var tickets = await admin.ReadAllPagesAsync("/api/v1/tickets", 200);

        Assert.That(tickets.Count(t => t["subject"]!.GetValue<string>().StartsWith("Parallel ", StringComparison.Ordinal)), Is.EqualTo(count));
    }

    [Test]
    public async Task Given_a_mailbox_Then_an_administrator_manages_it_and_a_bad_password_shows_in_its_status()
    {
        var user = NewUser();
        await using var api = Host();
        using var admin = api.Admin();
        using var agent = api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        var mailbox = await CreateMailboxAsync(admin, user, password: "wrong");

        var failing = await Eventually.ValueAsync(async () =>
        {
            var view = await (await admin.GetAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.OK);
            return view["status"]!["lastError"] is not null ? view : null;
        }, what: "the authentication error in the mailbox's status");
        var fixedUp = await (await admin.PatchJsonAsync($"/api/v1/mailboxes/{mailbox}", new { imap = new { password = Password } })).ExpectAsync(HttpStatusCode.OK);
        var polled = await Eventually.ValueAsync(async () =>
        {
            var view = await (await admin.GetAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.OK);
            return view["status"]!["lastPollAt"] is not null && view["status"]!["lastError"] is null ? view : null;
        }, what: "a good poll");
        var list = await (await admin.GetAsync("/api/v1/mailboxes")).ExpectAsync(HttpStatusCode.OK);
        var forbidden = await agent.GetAsync("/api/v1/mailboxes");
        var invalid = await admin.PostJsonAsync("/api/v1/mailboxes", new { name = "", imap = new { host = "", port = 70000 } });
        await (await admin.DeleteAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.NoContent);
        var gone = await admin.GetAsync($"/api/v1/mailboxes/{mailbox}");

        Assert.Multiple(() =>
        {
            Assert.That(failing["status"]!["lastError"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(fixedUp.ToJsonString(), Does.Not.Contain(Password));
            Assert.That(polled["status"]!["idle"]!.GetValue<bool>(), Is.True, "Dovecot offers IDLE");
            Assert.That(list.AsArray().Select(m => m!["id"]!.GetValue<string>()), Has.Member(mailbox));
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    private string NewUser()
    {
        var user = $"team{Guid.NewGuid():N}"[..16];
        _imap.AddUser(user, Password);
        return user;
    }

    private static SupportApiFactory Host(string? database = null) => new(database, new Dictionary<string, string?>
    {
        ["Support:Mail:Inbound:PollInterval"] = "00:00:01",
        ["Support:Mail:Inbound:RetryDelay"] = "00:00:01",
    });

    private static async Task CreateOrganizationAsync(HttpClient admin) =>
        await (await admin.PostJsonAsync("/api/v1/organizations", new { name = "Initech", language = "fr", contract = "standard", emailDomains = new[] { "initech.example" } }))
            .ExpectAsync(HttpStatusCode.Created);

    private async Task<string> CreateMailboxAsync(HttpClient admin, string user, string password = Password, string? queue = null)
    {
        var created = await (await admin.PostJsonAsync("/api/v1/mailboxes", new
        {
            name = $"Mailbox of {user}",
            imap = new { host = _imap.Host, port = _imap.Port, userName = user, password, useTls = false },
            queue,
        })).ExpectAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    private static Task<List<JsonNode>> WaitForEmailsAsync(HttpClient admin, string mailbox, int count, bool exactly = true) =>
        Eventually.ValueAsync(async () =>
        {
            var page = await (await admin.GetAsync($"/api/v1/inbound/emails?mailboxId={mailbox}&limit=200")).ExpectAsync(HttpStatusCode.OK);
            var items = page["items"]!.AsArray().Select(i => i!).ToList();
            Assert.That(items, Has.Count.LessThanOrEqualTo(exactly ? count : int.MaxValue), "never more records than messages");
            return items.Count >= count ? items : null;
        }, TimeSpan.FromSeconds(60), $"{count} emails of the mailbox");
}
