using System.Net;
using System.Text.Json.Nodes;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Organizations;
using Support.Modules.Intake.Organizations.FindSender;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Organizations;

/// <summary>
/// Organisations' email domains: how they are kept, which are refused, that each is one
/// organisation's, and how email intake finds who sent a message.
/// </summary>
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

    [Test]
    public async Task Given_a_domain_another_organisation_has_Then_a_create_is_a_409_naming_it_and_its_holder_and_nothing_is_created()
    {
        var holder = await CreateWithDomainsAsync("Holder", "held.example");
        var before = await _admin.ReadAllPagesAsync("/api/v1/organizations", limit: 200);

        var response = await _admin.PostJsonAsync("/api/v1/organizations",
            new { name = "Latecomer", language = "en", contract = "standard", emailDomains = new[] { "latecomer.example", "@HELD.example" } });
        var after = await _admin.ReadAllPagesAsync("/api/v1/organizations", limit: 200);
        var sender = await FindSenderAsync("someone@latecomer.example");

        var problem = await response.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem["domain"]!.GetValue<string>(), Is.EqualTo("held.example"));
            Assert.That(problem["organizationId"]!.GetValue<string>(), Is.EqualTo(holder));
            Assert.That(problem["organization"]!.GetValue<string>(), Is.EqualTo($"/api/v1/organizations/{holder}"));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("held.example").And.Contain(holder).And.Contain("Holder"));
            Assert.That(after, Has.Count.EqualTo(before.Count), "nothing created");
            Assert.That(sender.ByDomain, Is.Null, "nor its other domain claimed");
        });
    }

    [Test]
    public async Task Given_a_domain_another_organisation_has_Then_a_patch_is_a_409_and_changes_nothing_until_the_holder_lets_it_go()
    {
        var holder = await CreateWithDomainsAsync("Letting go", "moving.example");
        var other = await CreateWithDomainsAsync("Taking over", "taker.example");

        var refused = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{other}",
            new { name = "Renamed meanwhile", emailDomains = new[] { "taker.example", "moving.example" } })).ExpectAsync(HttpStatusCode.Conflict);
        var unchanged = await (await _admin.GetAsync($"/api/v1/organizations/{other}")).ExpectAsync(HttpStatusCode.OK);
        await (await _admin.PatchJsonAsync($"/api/v1/organizations/{holder}", new { emailDomains = Array.Empty<string>() })).ExpectAsync(HttpStatusCode.OK);
        var taken = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{other}",
            new { emailDomains = new[] { "taker.example", "moving.example" } })).ExpectAsync(HttpStatusCode.OK);
        var sender = await FindSenderAsync("jane@moving.example");

        Assert.Multiple(() =>
        {
            Assert.That(refused["domain"]!.GetValue<string>(), Is.EqualTo("moving.example"));
            Assert.That(refused["organizationId"]!.GetValue<string>(), Is.EqualTo(holder));
            Assert.That(unchanged["name"]!.GetValue<string>(), Is.EqualTo("Taking over"));
            Assert.That(Domains(unchanged), Is.EqualTo(new[] { "taker.example" }));
            Assert.That(Domains(taken), Is.EqualTo(new[] { "taker.example", "moving.example" }));
            Assert.That(sender.ByDomain?.Organization.Id.ToString(), Is.EqualTo(other));
        });
    }

    [Test]
    public async Task Given_an_organisation_that_keeps_or_reorders_its_own_domains_Then_it_is_no_conflict()
    {
        var id = await CreateWithDomainsAsync("Keeper", "keep.example", "also-keep.example");

        var reordered = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{id}",
            new { emailDomains = new[] { "also-keep.example", "KEEP.example", "new-keep.example" } })).ExpectAsync(HttpStatusCode.OK);
        var renamed = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{id}", new { name = "Keeper renamed" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(Domains(reordered), Is.EqualTo(new[] { "also-keep.example", "keep.example", "new-keep.example" }));
            Assert.That(Domains(renamed), Is.EqualTo(new[] { "also-keep.example", "keep.example", "new-keep.example" }));
        });
    }

    [Test]
    public async Task Given_a_dropped_domain_Then_another_organisation_may_take_it()
    {
        var first = await CreateWithDomainsAsync("First owner", "first.example", "passed-on.example");
        await (await _admin.PatchJsonAsync($"/api/v1/organizations/{first}", new { emailDomains = new[] { "first.example" } })).ExpectAsync(HttpStatusCode.OK);

        var second = await CreateWithDomainsAsync("Second owner", "passed-on.example");
        var sender = await FindSenderAsync("x@passed-on.example");

        Assert.That(sender.ByDomain?.Organization.Id.ToString(), Is.EqualTo(second));
    }

    [Test]
    public async Task Given_the_same_domain_claimed_by_concurrent_creates_Then_one_organisation_gets_it_and_every_other_answer_names_it()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => _admin.PostJsonAsync("/api/v1/organizations",
            new { name = $"Racer {i}", language = "en", contract = "standard", emailDomains = new[] { $"racer{i}.example", i % 2 == 0 ? "raced.example" : "RACED.example" } })));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.That(created, Has.Count.EqualTo(1), string.Join(", ", responses.Select(r => r.StatusCode)));
        var winner = (await created[0].ReadJsonAsync())["id"]!.GetValue<string>();
        foreach (var conflict in responses.Where(r => r != created[0]))
        {
            var problem = await conflict.ExpectAsync(HttpStatusCode.Conflict);
            Assert.That(problem["organizationId"]!.GetValue<string>(), Is.EqualTo(winner));
        }

        Assert.That((await FindSenderAsync("a@raced.example")).ByDomain?.Organization.Id.ToString(), Is.EqualTo(winner));
    }

    [Test]
    public async Task Given_concurrent_patches_of_one_organisations_domains_Then_the_claims_follow_the_list_that_won()
    {
        var id = await CreateWithDomainsAsync("Patched at once", "start.example");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            _admin.PatchJsonAsync($"/api/v1/organizations/{id}", new { emailDomains = new[] { $"option{i}.example" } })));
        var read = await (await _admin.GetAsync($"/api/v1/organizations/{id}")).ExpectAsync(HttpStatusCode.OK);
        var claimed = new List<string>();
        foreach (var domain in new[] { "start.example" }.Concat(Enumerable.Range(0, 4).Select(i => $"option{i}.example")))
        {
            if ((await FindSenderAsync($"x@{domain}")).ByDomain is not null)
            {
                claimed.Add(domain);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.StatusCode), Has.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Conflict));
            Assert.That(responses.Select(r => r.StatusCode), Has.Some.EqualTo(HttpStatusCode.OK));
            Assert.That(claimed, Is.EqualTo(Domains(read)), "the domains claimed are those of the organisation's list");
        });
    }

    [Test]
    public async Task Given_a_senders_address_Then_the_organisation_of_its_domain_or_of_the_nearest_domain_it_is_under_is_found()
    {
        var acme = await CreateWithDomainsAsync("Acme Lookup", "acme-lookup.example", language: "fr", contract: "onsite");
        var paris = await CreateWithDomainsAsync("Acme Paris", "paris.acme-lookup.example");

        var exact = await FindSenderAsync("jane@ACME-lookup.example");
        var parent = await FindSenderAsync("Jean <jean@lyon.acme-lookup.example>");
        var deeper = await FindSenderAsync("x@support.lyon.acme-lookup.example");
        var nearest = await FindSenderAsync("marie@office.paris.acme-lookup.example");
        var none = await FindSenderAsync("someone@elsewhere.example");
        var notUnder = await FindSenderAsync("someone@notacme-lookup.example");
        var noAddress = await FindSenderAsync("not an address");

        Assert.Multiple(() =>
        {
            Assert.That(exact.ByDomain, Is.EqualTo(new DomainMatch("acme-lookup.example",
                new OrganizationSummary(Guid.Parse(acme), "Acme Lookup", Language.Fr, SupportContract.Onsite))));
            Assert.That(parent.ByDomain?.Organization.Id.ToString(), Is.EqualTo(acme));
            Assert.That(parent.ByDomain?.Domain, Is.EqualTo("acme-lookup.example"));
            Assert.That(deeper.ByDomain?.Organization.Id.ToString(), Is.EqualTo(acme));
            Assert.That(nearest.ByDomain?.Organization.Id.ToString(), Is.EqualTo(paris), "the most specific domain wins");
            Assert.That(nearest.ByDomain?.Domain, Is.EqualTo("paris.acme-lookup.example"));
            Assert.That(none.ByDomain, Is.Null);
            Assert.That(notUnder.ByDomain, Is.Null, "a suffix that is not a whole label is no parent domain");
            Assert.That(noAddress.ByDomain, Is.Null);
            Assert.That(noAddress.Contacts, Is.Empty);
        });
    }

    [Test]
    public async Task Given_an_internationalised_domain_Then_mail_from_it_in_either_form_finds_the_organisation()
    {
        var id = await CreateWithDomainsAsync("Société IDN", "société-idn.fr");

        var unicode = await FindSenderAsync("marie@Société-IDN.fr");
        var punycode = await FindSenderAsync("marie@xn--socit-idn-e4ab.fr");

        Assert.Multiple(() =>
        {
            Assert.That(unicode.ByDomain?.Organization.Id.ToString(), Is.EqualTo(id));
            Assert.That(punycode.ByDomain?.Organization.Id.ToString(), Is.EqualTo(id));
        });
    }

    [Test]
    public async Task Given_a_senders_address_Then_every_contact_with_it_is_found_whatever_its_case_with_its_organisation()
    {
        var one = await CreateWithDomainsAsync("Client one", "client-one.example", language: "fr");
        var two = await _admin.CreateOrganizationAsync("Client two", language: "en", contract: "phone");
        var first = await _admin.CreateContactAsync(one, "Consultant@Contacts-Lookup.example", "Consultant", language: "en");
        var second = await _admin.CreateContactAsync(two, "consultant@contacts-lookup.example", "Consultant");
        await _admin.CreateContactAsync(two, "someone.else@contacts-lookup.example", "Someone else");

        var both = await FindSenderAsync("Consultant <CONSULTANT@contacts-lookup.example>");
        var colleague = await FindSenderAsync("unknown@client-one.example");
        await using var scope = _api.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<Marten.IQuerySession>();
        var contactsOnly = await EmailSenders.ContactsAsync(session, "consultant@contacts-lookup.example", CancellationToken.None);
        var domainOnly = await EmailSenders.ByDomainAsync(session, "x@client-one.example", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(both.Contacts.Select(c => c.Contact.Id.ToString()), Is.EqualTo(new[] { first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>() }));
            Assert.That(both.Contacts[0].Contact.Language, Is.EqualTo(Language.En));
            Assert.That(both.Contacts[0].Organization, Is.EqualTo(new OrganizationSummary(Guid.Parse(one), "Client one", Language.Fr, SupportContract.Standard)));
            Assert.That(both.Contacts[1].Organization, Is.EqualTo(new OrganizationSummary(Guid.Parse(two), "Client two", Language.En, SupportContract.Phone)));
            Assert.That(both.ByDomain, Is.Null, "contacts-lookup.example is nobody's domain");
            Assert.That(colleague.Contacts, Is.Empty);
            Assert.That(colleague.ByDomain?.Organization.Id.ToString(), Is.EqualTo(one));
            Assert.That(contactsOnly.Select(c => c.Contact.Id), Is.EqualTo(both.Contacts.Select(c => c.Contact.Id)));
            Assert.That(domainOnly, Is.EqualTo(colleague.ByDomain));
        });
    }

    [Test]
    public async Task Given_organisations_with_domains_from_before_claims_Then_the_start_claims_them_oldest_first_and_never_a_webmail()
    {
        var store = _api.Services.GetRequiredService<Marten.IDocumentStore>();
        var now = DateTimeOffset.UtcNow;
        var older = new Organization { Id = Guid.CreateVersion7(now.AddMinutes(-1)), Name = "Older", EmailDomains = ["legacy.example", "gmail.com"], CreatedAt = now.AddMinutes(-1) };
        var newer = new Organization { Id = Guid.CreateVersion7(now), Name = "Newer", EmailDomains = ["legacy.example", "newer-legacy.example"], CreatedAt = now };
        await using (var session = store.LightweightSession())
        {
            session.Insert(newer, older); // as an earlier version wrote them: no claims
            await session.SaveChangesAsync();
        }

        var backfill = new MailDomainClaimBackfill(Microsoft.Extensions.Logging.Abstractions.NullLogger<MailDomainClaimBackfill>.Instance);
        await backfill.Populate(store, CancellationToken.None);
        await backfill.Populate(store, CancellationToken.None); // a second start changes nothing
        var legacy = await FindSenderAsync("x@legacy.example");
        var newerOnly = await FindSenderAsync("x@newer-legacy.example");
        var webmail = await FindSenderAsync("x@gmail.com");

        Assert.Multiple(() =>
        {
            Assert.That(legacy.ByDomain?.Organization.Id, Is.EqualTo(older.Id));
            Assert.That(newerOnly.ByDomain?.Organization.Id, Is.EqualTo(newer.Id));
            Assert.That(webmail.ByDomain, Is.Null);
        });
    }

    private async Task<string> CreateWithDomainsAsync(string name, string domain, string? other = null, string language = "en", string contract = "standard")
    {
        var domains = other is null ? new[] { domain } : new[] { domain, other };
        var response = await _admin.PostJsonAsync("/api/v1/organizations", new { name, language, contract, emailDomains = domains });
        return (await response.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    private async Task<EmailSender> FindSenderAsync(string address)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindEmailSender(address));
    }

    private static IEnumerable<string> Domains(JsonNode organization) =>
        organization["emailDomains"]!.AsArray().Select(d => d!.GetValue<string>());
}
