using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.CustomerEmails;

/// <summary>NO-1..NO-4: the requester gets exactly the emails the process promises, threaded, in their language, through a real SMTP server.</summary>
public sealed class CustomerEmailTests
{
    private SmtpSink _smtp = null!;
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;
    private HttpClient _developer = null!;
    private HttpClient _product = null!;
    private string _english = null!;
    private string _french = null!;
    private HttpClient _partner = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _smtp = await SmtpSink.StartAsync();
        _api = new SupportApiFactory(settings: MailApi.SmtpSettings(_smtp));
        _admin = _api.Admin();
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        _developer = _api.ClientWithKey(await _admin.CreateApiKeyAsync("developer"));
        _product = _api.ClientWithKey(await _admin.CreateApiKeyAsync("product"));
        _english = await _admin.CreateOrganizationAsync("Globex", "en");
        _french = await _admin.CreateOrganizationAsync("Société Générique", "fr");
        _partner = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", _english, _french));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        _agent.Dispose();
        _developer.Dispose();
        _product.Dispose();
        _partner.Dispose();
        await _api.DisposeAsync();
        _smtp.Dispose();
    }

    [TestCase("en", "Hello Jane Doe", "A support technician has taken your request", "we need a few details from you", "Solved", "Your request", "is now closed")]
    [TestCase("fr", "Bonjour Jane Doe", "Un technicien du support a pris en charge", "nous avons besoin de quelques précisions", "Résolue", "Votre demande", "est maintenant clôturée")]
    public async Task Given_a_ticket_run_to_closure_Then_the_requester_gets_each_promised_email_once_threaded_in_their_language(
        string language, string greeting, string taken, string waiting, string solved, string closedStart, string closedEnd) // NO-1..NO-3, NO-5
    {
        var email = $"life-{language}@customer.example";
        var submitted = await _partner.SubmitTicketAsync(Api.Ticket(language == "fr" ? _french : _english, email: email, subject: "Export"));
        var (id, number) = (submitted.Id(), submitted["number"]!.GetValue<string>());

        await _agent.ActAsync(id, "assignment");
        await _agent.ActAsync(id, "assignment"); // taken again: not news to the requester
        await _agent.ActAsync(id, "waiting-on-customer", new { message = "Which version do you run?" });
        await _partner.MessageAsync(id, "Version 4.2."); // the requester's own words are not mailed back
        await _agent.MessageAsync(id, "Known issue in 4.2.", "internal"); // never mailed
        await _agent.MessageAsync(id, "Please update to 4.3: it fixes the export.");
        await _agent.ActAsync(id, "resolution", new { resolution = "solved", note = "Fixed by 4.3." });
        await _agent.ActAsync(id, "close");
        var mails = await _smtp.WaitForAsync(email, 6);

        var byTemplate = mails.ToDictionary(m => m.Template());
        var root = byTemplate["ticket-opened"].MessageId;
        var replies = mails.Where(m => m.MessageId != root).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mails.Select(m => m.Template()), Is.EquivalentTo(new[]
            {
                "ticket-opened", "taken-in-charge", "waiting-on-you", "support-reply", "resolved", "closed",
            }), "one email per promised event, and none for the reassignment, the requester's own reply or the internal note");
            Assert.That(mails.Select(m => m.Subject), Has.All.StartWith($"[{number}]"));
            Assert.That(mails.Select(m => m.TextBody), Has.All.Contain(greeting));
            Assert.That(byTemplate["ticket-opened"].TextBody, Does.Contain($"https://support.acme.example/tickets/{number}"), "NO-1: a link to follow it");
            Assert.That(byTemplate["taken-in-charge"].TextBody, Does.Contain(taken));
            Assert.That(byTemplate["waiting-on-you"].TextBody, Does.Contain(waiting).And.Contain("Which version do you run?"));
            Assert.That(byTemplate["support-reply"].TextBody, Does.Contain("Please update to 4.3").And.Not.Contain("Known issue"));
            Assert.That(byTemplate["resolved"].Subject, Does.Contain(solved));
            Assert.That(byTemplate["resolved"].TextBody, Does.Contain("Fixed by 4.3."));
            Assert.That(byTemplate["closed"].TextBody, Does.Contain(closedStart).And.Contain(closedEnd));
            Assert.That(replies.Select(m => m.InReplyTo), Has.All.EqualTo(root), "threaded on the first email");
            Assert.That(replies.Select(m => m.References.FirstOrDefault()), Has.All.EqualTo(root));
            Assert.That(mails.Where(m => m.Template() is not ("support-reply" or "waiting-on-you")).Select(m => m.Headers["Auto-Submitted"]),
                Has.All.EqualTo("auto-generated"), "RFC 3834 on automatic mail");
            Assert.That(mails.Where(m => m.Template() is "support-reply" or "waiting-on-you").Select(m => m.Headers["Auto-Submitted"]),
                Has.All.Null, "a person's words are not automatic mail");
        });
    }

    [TestCase("declined", "we will not be able to carry it out")]
    [TestCase("withdrawn", "is withdrawn")]
    public async Task Given_a_resolution_that_is_not_a_solution_Then_the_email_says_which_it_is(string resolution, string wording) // NO-3, TR-5
    {
        var email = $"resolution-{resolution}@customer.example";
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_english, email: email))).Id();

        await _agent.ActAsync(id, "resolution", new { resolution, note = "Our answer." });
        var mails = await _smtp.WaitForAsync(email, 2);

        var resolved = mails.Single(m => m.Template() == "resolved");
        Assert.Multiple(() =>
        {
            Assert.That(resolved.TextBody, Does.Contain(wording).And.Contain("Our answer."));
            Assert.That(resolved.Subject, Does.Not.Contain("Solved"));
        });
    }

    [Test] // NO-3: a duplicate names the ticket it duplicates
    public async Task Given_a_duplicate_Then_the_email_names_the_original_ticket()
    {
        var email = "duplicate@customer.example";
        var original = await _agent.SubmitTicketAsync(Api.Ticket(_english, subject: "The original"));
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_english, email: email))).Id();

        await _agent.ActAsync(id, "resolution", new { resolution = "duplicate", duplicateOf = original.Id() });
        var mails = await _smtp.WaitForAsync(email, 2);

        Assert.That(mails.Single(m => m.Template() == "resolved").TextBody, Does.Contain($"ticket {original["number"]!.GetValue<string>()}"));
    }

    [TestCase("en", "A fix is available", "version 7.2")]
    [TestCase("fr", "Un correctif est disponible", "version 7.2")]
    public async Task Given_a_fix_deployed_Then_the_requester_is_asked_to_check_it(string language, string subject, string version) // NO-4, ES-3
    {
        var email = $"fix-{language}@customer.example";
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(language == "fr" ? _french : _english, category: "bug", email: email,
            reproductionScenario: "Click Export."))).Id();
        await _agent.ActAsync(id, "reproduction", new { reproduced = true });
        var issue = await _agent.ActAsync(id, "escalation", expected: HttpStatusCode.Created);

        await (await _developer.PostJsonAsync($"/api/v1/development/issues/{issue.Id()}/fix-deployed", new { version = "7.2" })).ExpectAsync(HttpStatusCode.OK);
        var mails = await _smtp.WaitForAsync(email, 2);

        Assert.Multiple(() =>
        {
            Assert.That(mails.Select(m => m.Template()), Is.EquivalentTo(new[] { "ticket-opened", "fix-deployed" }));
            Assert.That(mails.Single(m => m.Template() == "fix-deployed").Subject, Does.Contain(subject));
            Assert.That(mails.Single(m => m.Template() == "fix-deployed").TextBody, Does.Contain(version));
        });
    }

    [TestCase("en", "Suggestion declined", "Meanwhile, here is a way")]
    [TestCase("fr", "Suggestion non retenue", "En attendant, voici comment")]
    public async Task Given_a_product_decision_Then_the_requester_gets_it_with_the_workaround_and_no_second_email(
        string language, string subject, string workaroundIntro) // NO-4, ES-7
    {
        var email = $"decision-{language}@customer.example";
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(language == "fr" ? _french : _english, category: "feature", email: email))).Id();
        var suggestion = await _agent.ActAsync(id, "product-suggestion", expected: HttpStatusCode.Created);
        await (await _product.PostJsonAsync($"/api/v1/product/suggestions/{suggestion.Id()}/assessment", new { effortDays = 3, workaround = "Use the API export." }))
            .ExpectAsync(HttpStatusCode.OK);

        await (await _product.PostJsonAsync($"/api/v1/product/suggestions/{suggestion.Id()}/decision", new { decision = "declined", message = "Not for now." }))
            .ExpectAsync(HttpStatusCode.OK);
        var mails = await _smtp.WaitForAsync(email, 2);

        Assert.Multiple(() =>
        {
            Assert.That(mails.Select(m => m.Template()), Is.EquivalentTo(new[] { "ticket-opened", "product-decision" }), "the decision is the resolution's email");
            Assert.That(mails.Single(m => m.Template() == "product-decision").Subject, Does.Contain(subject));
            Assert.That(mails.Single(m => m.Template() == "product-decision").TextBody,
                Does.Contain("Not for now.").And.Contain(workaroundIntro).And.Contain("Use the API export."));
        });
    }
}
