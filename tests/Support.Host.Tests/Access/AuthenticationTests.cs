using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Host.Tests.Access;

public sealed class AuthenticationTests
{
    private SupportApiFactory _api = null!;

    [OneTimeSetUp]
    public void StartHost() => _api = new SupportApiFactory();

    [OneTimeTearDown]
    public async Task StopHost() => await _api.DisposeAsync();

    [Test]
    public async Task Given_no_key_Then_the_api_answers_401_with_a_problem_document()
    {
        var response = await _api.ClientWithKey(null).GetAsync("/api/v1/queue");

        var problem = await response.ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(401));
        });
    }

    [Test]
    public async Task Given_an_unknown_key_Then_the_api_answers_401()
    {
        var forged = "sup_" + Guid.NewGuid().ToString("N") + "_" + new string('a', 64);

        var response = await _api.ClientWithKey(forged).GetAsync("/api/v1/queue");

        await response.ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Given_an_admin_Then_a_created_key_is_shown_once_and_authenticates_with_its_role()
    {
        var admin = _api.Admin();
        var created = await (await admin.PostJsonAsync("/api/v1/api-keys", new { name = "Jo at the help desk", role = "agent" }))
            .ExpectAsync(HttpStatusCode.Created);
        var key = created["key"]!.GetValue<string>();

        var read = await (await admin.GetAsync($"/api/v1/api-keys/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        var asAgent = await _api.ClientWithKey(key).GetAsync("/api/v1/queue");

        Assert.Multiple(() =>
        {
            Assert.That(created["role"]!.GetValue<string>(), Is.EqualTo("agent"));
            Assert.That(read["key"], Is.Null, "the secret is never shown again");
            Assert.That(asAgent.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Given_a_key_whose_role_may_not_do_this_Then_the_api_answers_403()
    {
        var admin = _api.Admin();
        var developer = await admin.CreateApiKeyAsync("developer");

        var response = await _api.ClientWithKey(developer).PostJsonAsync("/api/v1/organizations", new { name = "X", language = "en", contract = "standard" });

        var problem = await response.ExpectAsync(HttpStatusCode.Forbidden);
        Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("/forbidden"));
    }

    [Test]
    public async Task Given_a_partner_key_Then_it_sees_its_organisations_and_gets_404_for_others()
    {
        var admin = _api.Admin();
        var own = await admin.CreateOrganizationAsync("Partner's customer");
        var other = await admin.CreateOrganizationAsync("Someone else");
        var partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", own));
        var othersTicket = await admin.SubmitTicketAsync(Api.Ticket(other));

        var ownOrganization = await partner.GetAsync($"/api/v1/organizations/{own}");
        var otherOrganization = await partner.GetAsync($"/api/v1/organizations/{other}");
        var otherTicket = await partner.GetAsync($"/api/v1/tickets/{othersTicket["id"]}");
        var submitForOther = await partner.PostJsonAsync("/api/v1/tickets", Api.Ticket(other));

        Assert.Multiple(() =>
        {
            Assert.That(ownOrganization.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(otherOrganization.StatusCode, Is.EqualTo(HttpStatusCode.NotFound)); // NF-3: not revealed
            Assert.That(otherTicket.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(submitForOther.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        });
    }

    [Test]
    public async Task Given_a_partner_key_request_without_organisations_Then_it_is_refused_with_the_field_named()
    {
        var response = await _api.Admin().PostJsonAsync("/api/v1/api-keys", new { name = "Distributor", role = "partner" });

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["organizationIds"], Is.Not.Null);
    }

    [Test]
    public async Task Given_a_partner_key_for_an_unknown_organisation_Then_it_is_refused_422()
    {
        var response = await _api.Admin().PostJsonAsync("/api/v1/api-keys", new { name = "Distributor", role = "partner", organizationIds = new[] { Guid.NewGuid() } });

        var problem = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem["errors"]!["organizationIds"], Is.Not.Null);
    }
}
