using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Modules.Intake.Organizations;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Organizations;

/// <summary>Organisations' email domains: how they are kept, and which are refused.</summary>
public sealed class EmailDomainTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        _api = new SupportApiFactory();
        _admin = _api.Admin();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    [TestCase(" Acme.FR ", "acme.fr")]
    [TestCase("@acme.fr", "acme.fr")]
    [TestCase("Paris.ACME.fr", "paris.acme.fr")]
    [TestCase("exémple.fr", "xn--exmple-cva.fr")]
    [TestCase("BÜCHER.de", "xn--bcher-kva.de")]
    [TestCase("xn--bcher-kva.de", "xn--bcher-kva.de")]
    [TestCase("пример.рф", "xn--e1afmkfd.xn--p1ai")]
    public void Given_a_domain_as_sent_Then_it_is_kept_trimmed_lower_case_in_punycode_without_its_at(string sent, string kept)
    {
        Assert.That(MailDomains.Normalize(sent), Is.EqualTo(kept));
    }

    [TestCase("")]
    [TestCase("localhost")]
    [TestCase("acme")]
    [TestCase("bad_domain.com")]
    [TestCase("-acme.fr")]
    [TestCase("acme-.fr")]
    [TestCase("acme..fr")]
    [TestCase(".acme.fr")]
    [TestCase("acme.fr.")]
    [TestCase("jane@acme.fr")]
    [TestCase("@@acme.fr")]
    [TestCase("acme fr.com")]
    [TestCase("acme.123")]
    [TestCase("http://acme.fr")]
    public void Given_something_that_is_not_a_domain_name_with_a_dot_Then_it_has_no_normal_form(string sent)
    {
        Assert.That(MailDomains.Normalize(sent), Is.Null);
    }

    [TestCase("gmail.com", true)]
    [TestCase("orange.fr", true)]
    [TestCase("laposte.net", true)]
    [TestCase("gmx.de", true)]
    [TestCase("gmx.net", true)]
    [TestCase("yahoo.co.uk", true)]
    [TestCase("proton.me", true)]
    [TestCase("acme.fr", false)]
    [TestCase("gmx.acme.fr", false)]
    [TestCase("mygmail.com", false)]
    public void Given_a_domain_Then_public_webmail_ones_are_recognised(string domain, bool webmail)
    {
        Assert.That(MailDomains.IsPublicWebmail(domain), Is.EqualTo(webmail));
    }

    [Test]
    public async Task Given_domains_in_any_form_Then_the_organisation_keeps_them_normalised_once_each_in_the_order_sent()
    {
        var response = await _admin.PostJsonAsync("/api/v1/organizations", new
        {
            name = "Normalised",
            language = "fr",
            contract = "standard",
            emailDomains = new[] { " @Normalised.example ", "normalised.example", "Sales.NORMALISED.example", "société-normalised.fr", "@SOCIÉTÉ-normalised.fr" },
        });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var read = await (await _admin.GetAsync(response.Headers.Location!.ToString())).ExpectAsync(HttpStatusCode.OK);

        var expected = new[] { "normalised.example", "sales.normalised.example", "xn--socit-normalised-eqbb.fr" };
        Assert.Multiple(() =>
        {
            Assert.That(Domains(created), Is.EqualTo(expected));
            Assert.That(Domains(read), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task Given_invalid_domains_Then_the_create_is_a_400_naming_each_and_nothing_is_created()
    {
        var before = await _admin.ReadAllPagesAsync("/api/v1/organizations", limit: 200);

        var problem = await (await _admin.PostJsonAsync("/api/v1/organizations", new
        {
            name = "Invalid domains",
            language = "en",
            contract = "standard",
            emailDomains = new[] { "fine.example", "nodot", "", "bad_underscore.example", new string('a', 250) + ".example" },
        })).ExpectAsync(HttpStatusCode.BadRequest);
        var after = await _admin.ReadAllPagesAsync("/api/v1/organizations", limit: 200);

        var errors = problem["errors"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "emailDomains[1]", "emailDomains[2]", "emailDomains[3]", "emailDomains[4]" }));
            Assert.That(errors["emailDomains[1]"]![0]!.GetValue<string>(), Does.Contain("'nodot' is not a mail domain"));
            Assert.That(errors["emailDomains[4]"]![0]!.GetValue<string>(), Does.Contain("255"));
            Assert.That(after, Has.Count.EqualTo(before.Count));
        });
    }

    [Test]
    public async Task Given_more_than_fifty_domains_Then_it_is_a_400_on_the_list()
    {
        var domains = Enumerable.Range(0, 51).Select(i => $"d{i}.many.example").ToArray();

        var problem = await (await _admin.PostJsonAsync("/api/v1/organizations",
            new { name = "Too many", language = "en", contract = "standard", emailDomains = domains })).ExpectAsync(HttpStatusCode.BadRequest);
        var fifty = await _admin.PostJsonAsync("/api/v1/organizations",
            new { name = "Fifty", language = "en", contract = "standard", emailDomains = domains[..50] });

        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!["emailDomains"]![0]!.GetValue<string>(), Does.Contain("50"));
            Assert.That(fifty.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
    }

    [Test]
    public async Task Given_a_public_webmail_domain_Then_create_and_patch_are_a_400_saying_why()
    {
        var id = await _admin.CreateOrganizationAsync("Webmail");

        var created = await (await _admin.PostJsonAsync("/api/v1/organizations", new
        {
            name = "Webmail users",
            language = "fr",
            contract = "standard",
            emailDomains = new[] { "webmail-users.example", "Gmail.com", "@orange.fr", "gmx.de" },
        })).ExpectAsync(HttpStatusCode.BadRequest);
        var patched = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{id}", new { emailDomains = new[] { "yahoo.co.uk" } }))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(created["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "emailDomains[1]", "emailDomains[2]", "emailDomains[3]" }));
            Assert.That(created["errors"]!["emailDomains[1]"]![0]!.GetValue<string>(), Does.Contain("public webmail").And.Contain("not one organisation"));
            Assert.That(patched["errors"]!["emailDomains[0]"]![0]!.GetValue<string>(), Does.Contain("public webmail"));
        });
    }

    private static IEnumerable<string> Domains(JsonNode organization) =>
        organization["emailDomains"]!.AsArray().Select(d => d!.GetValue<string>());
}
