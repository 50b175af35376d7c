using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Surveys.Tests;

/// <summary>SU-1..SU-3 end to end: the real scheduler sends the survey after closure (delay 0), the requester answers once through the link, the statistics show it.</summary>
public sealed partial class SurveyTests
{
    private SmtpSink _smtp = null!;
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;
    private HttpClient _anonymous = null!;
    private string _english = null!;
    private string _french = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _smtp = await SmtpSink.StartAsync();
        _api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Mail:Smtp:Host"] = "127.0.0.1",
            ["Support:Mail:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Support:Surveys:Delay"] = "00:00:00",
            ["Support:Surveys:BaseUrl"] = "https://support.acme.example",
            ["Support:Scheduler:SweepInterval"] = "00:00:01",
        });
        _admin = _api.Admin();
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        _anonymous = _api.ClientWithKey(null);
        _english = await _admin.CreateOrganizationAsync("Survey Ltd", "en");
        _french = await _admin.CreateOrganizationAsync("Enquête SA", "fr");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        _agent.Dispose();
        _anonymous.Dispose();
        await _api.DisposeAsync();
        _smtp.Dispose();
    }

    [Test] // SU-1, SU-2, SU-3
    public async Task Given_a_closed_ticket_Then_its_requester_answers_the_survey_once_and_the_answer_shows_in_the_statistics()
    {
        var id = await ClosedTicketAsync(_english, "solved", "once@survey.example", category: "usage");
        var token = await SurveyTokenAsync("once@survey.example");

        var before = await GetJsonAsync(token);
        var answered = await PostJsonAsync(token, new { rating = "bad", comment = "Took too long." }, HttpStatusCode.OK);
        var again = await PostJsonAsync(token, new { rating = "good" }, HttpStatusCode.Conflict);
        var after = await GetJsonAsync(token);
        var report = await (await _agent.GetAsync("/api/v1/reports/satisfaction?groupBy=organization")).ExpectAsync(HttpStatusCode.OK);
        var dissatisfied = await (await _agent.GetAsync("/api/v1/reports/satisfaction/dissatisfied")).ExpectAsync(HttpStatusCode.OK);

        var group = report["groups"]!.AsArray().Single(g => g!["group"]!.GetValue<string>() == _english)!;
        Assert.Multiple(() =>
        {
            Assert.That(token, Has.Length.GreaterThanOrEqualTo(43), "at least 256 bits, base64url");
            Assert.That(before["status"]!.GetValue<string>(), Is.EqualTo("open"));
            Assert.That(before["question"]!.GetValue<string>(), Does.Contain("Were you satisfied"));
            Assert.That(answered["rating"]!.GetValue<string>(), Is.EqualTo("bad"));
            Assert.That(again["title"]!.GetValue<string>(), Is.EqualTo("Already answered"));
            Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("answered"));
            Assert.That(group["label"]!.GetValue<string>(), Is.EqualTo("Survey Ltd"));
            Assert.That(group["sent"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
            Assert.That(group["bad"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
            Assert.That(dissatisfied["items"]!.AsArray().Any(a => a!["ticketId"]!.GetValue<string>() == id && a["comment"]!.GetValue<string>() == "Took too long."));
        });
    }

    [Test] // SU-2: the page, in the requester's language, and its form
    public async Task Given_a_french_requester_Then_the_page_is_in_french_and_its_form_records_the_answer()
    {
        await ClosedTicketAsync(_french, "solved", "page@survey.example");
        var token = await SurveyTokenAsync("page@survey.example");

        var page = await _anonymous.GetStringAsync($"/surveys/{token}");
        var thanks = await _anonymous.PostAsync($"/surveys/{token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["rating"] = "good", ["comment"] = "Très bien, merci.",
        }));
        var thanksPage = await thanks.Content.ReadAsStringAsync();
        var state = await GetJsonAsync(token);

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("<html lang=\"fr\">").And.Contain("Êtes-vous satisfait").And.Contain("<label for=\"good\">"));
            Assert.That(thanks.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(thanksPage, Does.Contain("Merci"));
            Assert.That(state["rating"]!.GetValue<string>(), Is.EqualTo("good"));
        });
    }

    [TestCase("duplicate")]
    [TestCase("withdrawn")]
    public async Task Given_a_duplicate_or_withdrawn_ticket_Then_no_survey_is_sent(string resolution) // SU-1
    {
        var email = $"{resolution}@survey.example";
        var original = (await _agent.SubmitTicketAsync(Api.Ticket(_english)))["id"]!.GetValue<string>();
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_english, email: email)))["id"]!.GetValue<string>();
        await Act(id, "resolution", resolution == "duplicate" ? new { resolution, duplicateOf = (string?)original } : new { resolution, duplicateOf = (string?)null });
        await Act(id, "close");

        await Eventually.TrueAsync(() => Task.FromResult(_smtp.Messages().Any(m => To(m, email) && (m.Subject ?? "").Contains("closed", StringComparison.Ordinal))));
        await Task.Delay(TimeSpan.FromSeconds(3)); // several sweeps

        Assert.That(_smtp.Messages().Where(m => To(m, email)).Select(m => m.TextBody), Has.None.Contain("/surveys/"));
    }

    [Test] // SU-2: answers are checked
    public async Task Given_an_answer_without_a_rating_or_an_unknown_link_Then_it_is_refused_clearly()
    {
        await ClosedTicketAsync(_english, "solved", "invalid@survey.example");
        var token = await SurveyTokenAsync("invalid@survey.example");

        var noRating = await PostJsonAsync(token, new { comment = "?" }, HttpStatusCode.BadRequest);
        var unknown = await _anonymous.PostAsJsonAsync($"/surveys/{new string('x', 43)}", new { rating = "good" });
        var state = await GetJsonAsync(token);

        Assert.Multiple(() =>
        {
            Assert.That(noRating["errors"]!["rating"], Is.Not.Null);
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(state["status"]!.GetValue<string>(), Is.EqualTo("open"), "nothing recorded");
        });
    }

    [Test] // SU-1: only the token's hash is stored
    public async Task Given_a_sent_survey_Then_the_database_holds_a_hash_not_the_token()
    {
        var id = await ClosedTicketAsync(_english, "solved", "hash@survey.example");
        var token = await SurveyTokenAsync("hash@survey.example");

        await using var session = _api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var json = (await session.Json.FindByIdAsync<Survey>(Guid.Parse(id)))!;

        Assert.That(json, Does.Not.Contain(token).And.Contain("tokenHash"));
    }

    [Test] // SU-3
    public async Task Given_an_unknown_grouping_Then_the_report_is_a_400()
    {
        var response = await _agent.GetAsync("/api/v1/reports/satisfaction?groupBy=colour");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private async Task<string> ClosedTicketAsync(string organization, string resolution, string email, string category = "usage")
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(organization, email: email, category: category)))["id"]!.GetValue<string>();
        await Act(id, "assignment");
        await Act(id, "resolution", new { resolution });
        await Act(id, "close");
        return id;
    }

    private async Task Act(string id, string action, object? body = null) =>
        await (await _agent.PostAsJsonAsync($"/api/v1/tickets/{id}/{action}", body ?? new { }, Api.Json)).ExpectAsync(HttpStatusCode.OK);

    private async Task<string> SurveyTokenAsync(string email)
    {
        var mail = await _smtp.WaitForAsync(m => To(m, email) && SurveyLink().IsMatch(m.TextBody ?? ""));
        return SurveyLink().Match(mail.TextBody ?? "").Groups[1].Value;
    }

    private async Task<JsonNode> GetJsonAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/surveys/{token}");
        request.Headers.Accept.ParseAdd("application/json");
        return await (await _anonymous.SendAsync(request)).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<JsonNode> PostJsonAsync(string token, object body, HttpStatusCode expected) =>
        await (await _anonymous.PostAsJsonAsync($"/surveys/{token}", body, Api.Json)).ExpectAsync(expected);

    private static bool To(MimeKit.MimeMessage message, string address) => message.To.Mailboxes.Any(a => a.Address == address);

    [GeneratedRegex(@"https://support\.acme\.example/surveys/([A-Za-z0-9_-]+)")]
    private static partial Regex SurveyLink();

    [Test] // NF-1
    public async Task Given_an_answer_in_another_format_or_a_report_over_too_long_a_period_Then_each_is_a_clear_4xx()
    {
        await ClosedTicketAsync(_english, "solved", "format@survey.example");
        var token = await SurveyTokenAsync("format@survey.example");

        var text = await _anonymous.PostAsync($"/surveys/{token}", new StringContent("good"));
        var tooLong = await _agent.GetAsync("/api/v1/reports/satisfaction?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        var beforeTime = await _agent.GetAsync("/api/v1/reports/satisfaction?to=0001-01-01T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(beforeTime.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }
}
