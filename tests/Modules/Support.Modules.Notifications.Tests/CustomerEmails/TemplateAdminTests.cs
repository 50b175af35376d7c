using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.CustomerEmails;

/// <summary>NO-5: administrators read, replace, reset and preview the templates; a broken one is refused with its line.</summary>
public sealed class TemplateAdminTests
{
    private SmtpSink _smtp = null!;
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _smtp = await SmtpSink.StartAsync();
        _api = new SupportApiFactory(settings: MailApi.SmtpSettings(_smtp));
        _admin = _api.Admin();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
        _smtp.Dispose();
    }

    [Test]
    public async Task Given_the_templates_Then_there_is_one_per_event_and_language_each_with_its_default()
    {
        var list = (await (await _admin.GetAsync("/api/v1/templates")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var french = await (await _admin.GetAsync("/api/v1/templates/resolved/fr")).ExpectAsync(HttpStatusCode.OK);
        var unknown = await _admin.GetAsync("/api/v1/templates/resolved/de");
        using var agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        var forbidden = await agent.GetAsync("/api/v1/templates");

        Assert.Multiple(() =>
        {
            Assert.That(list, Has.Count.EqualTo(20));
            Assert.That(list.Select(t => t!["customized"]!.GetValue<bool>()), Has.All.False);
            Assert.That(french["source"]!.GetValue<string>(), Does.StartWith("Subject:").And.Contain("Bonjour"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Given_a_replaced_template_Then_the_next_email_uses_it_and_a_reset_brings_the_default_back()
    {
        const string source = "Subject: [{{ ticket.number }}] We got it!\n\nHi {{ requester.name }}, ticket {{ ticket.number }} is open.\n";
        var replaced = await (await _admin.PutJsonAsync("/api/v1/templates/ticket-opened/en", new { source })).ExpectAsync(HttpStatusCode.OK);
        var preview = await (await _admin.PostJsonAsync("/api/v1/templates/ticket-opened/en/preview", new { })).ExpectAsync(HttpStatusCode.OK);
        var organization = await _admin.CreateOrganizationAsync("Custom", "en");
        using var agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        var number = (await agent.SubmitTicketAsync(Api.Ticket(organization, email: "custom@customer.example")))["number"]!.GetValue<string>();
        var mail = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "custom@customer.example"));

        var reset = await (await _admin.DeleteAsync("/api/v1/templates/ticket-opened/en")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(replaced["customized"]!.GetValue<bool>(), Is.True);
            Assert.That(replaced["updatedBy"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(preview["subject"]!.GetValue<string>(), Is.EqualTo("[SUP-42] We got it!"));
            Assert.That(preview["body"]!.GetValue<string>(), Does.Contain("Hi Jane Doe, ticket SUP-42 is open."));
            Assert.That(mail.Subject, Is.EqualTo($"[{number}] We got it!"));
            Assert.That(reset["customized"]!.GetValue<bool>(), Is.False);
            Assert.That(reset["source"]!.GetValue<string>(), Does.Contain("We have received your request"));
        });
    }

    [Test]
    public async Task Given_a_template_that_does_not_parse_Then_it_is_refused_with_the_line_of_the_error()
    {
        const string source = "Subject: [{{ ticket.number }}] Broken\n\nHello,\n{% if requester.name %}\nno end\n";

        var refused = await (await _admin.PutJsonAsync("/api/v1/templates/closed/fr", new { source })).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var previewed = await (await _admin.PostJsonAsync("/api/v1/templates/closed/fr/preview", new { source })).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var noSubject = await (await _admin.PutJsonAsync("/api/v1/templates/closed/fr", new { source = "Hello {{ requester.name }}" }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var current = await (await _admin.GetAsync("/api/v1/templates/closed/fr")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(refused["errors"]!["source"]![0]!.GetValue<string>(), Does.StartWith("Line "));
            Assert.That(refused["line"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(4));
            Assert.That(previewed["line"], Is.Not.Null);
            Assert.That(noSubject["errors"]!["source"]![0]!.GetValue<string>(), Does.Contain("Subject:"));
            Assert.That(current["customized"]!.GetValue<bool>(), Is.False, "nothing was saved");
        });
    }

    [TestCase("resolved", "fr", "[SUP-42] Résolue")]
    [TestCase("product-decision", "en", "[SUP-42] Suggestion planned")]
    [TestCase("survey", "en", "[SUP-42] How did we do?")]
    public async Task Given_a_default_template_Then_its_preview_renders_with_sample_data(string name, string language, string subject)
    {
        var preview = await (await _admin.PostJsonAsync($"/api/v1/templates/{name}/{language}/preview", new { })).ExpectAsync(HttpStatusCode.OK);

        Assert.That(preview["subject"]!.GetValue<string>(), Does.StartWith(subject));
    }

    [Test] // NF-1: a template that parses but fails when rendered
    public async Task Given_a_template_that_fails_when_rendered_Then_it_is_refused_not_a_500()
    {
        var response = await _admin.PostJsonAsync("/api/v1/templates/closed/en/preview", new { source = "Subject: x\n\n{{ 1 | divided_by: 0 }}" });

        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.UnprocessableEntity, HttpStatusCode.OK));
    }
}
