using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Tickets;

public sealed class OrganizationTests
{
    private SupportApiFactory _api = null!;

    [OneTimeSetUp]
    public void StartHost() => _api = new SupportApiFactory();

    [OneTimeTearDown]
    public async Task StopHost() => await _api.DisposeAsync();

    [Test] // IN-8
    public async Task Given_an_organisation_with_language_contract_and_domains_Then_it_is_created_and_readable()
    {
        var admin = _api.Admin();

        var response = await admin.PostJsonAsync("/api/v1/organizations",
            new { name = "Société Exemple", language = "fr", contract = "phone", emailDomains = new[] { "Exemple.FR" } });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var read = await (await admin.GetAsync(response.Headers.Location!.ToString())).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(read["name"]!.GetValue<string>(), Is.EqualTo("Société Exemple"));
            Assert.That(read["language"]!.GetValue<string>(), Is.EqualTo("fr"));
            Assert.That(read["contract"]!.GetValue<string>(), Is.EqualTo("phone"));
            Assert.That(read["emailDomains"]![0]!.GetValue<string>(), Is.EqualTo("exemple.fr"));
            Assert.That(created["id"]!.GetValue<string>(), Is.EqualTo(read["id"]!.GetValue<string>()));
        });
    }

    [Test]
    public async Task Given_a_missing_contract_and_a_bad_domain_Then_both_fields_are_named()
    {
        var response = await _api.Admin().PostJsonAsync("/api/v1/organizations", new { name = "X", language = "en", emailDomains = new[] { "not a domain" } });

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!["contract"], Is.Not.Null);
            Assert.That(problem["errors"]!["emailDomains[0]"], Is.Not.Null);
        });
    }
}
