using System.Net;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Organizations;

/// <summary>Requesters (contacts) of customer organisations, and the language they are written to in.</summary>
public sealed class ContactTests
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

    [Test]
    public async Task Given_a_new_contact_Then_it_is_created_with_its_location_and_can_be_read_back()
    {
        var organization = await _admin.CreateOrganizationAsync("Contacts Inc", language: "fr");

        var response = await _admin.PostJsonAsync($"/api/v1/organizations/{organization}/contacts",
            new { name = " Jeanne Martin ", email = "Jeanne.Martin@contacts.example" });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var read = await (await _admin.GetAsync(response.Headers.Location!.ToString())).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/api/v1/organizations/{organization}/contacts/{created["id"]}"));
            Assert.That(created["organizationId"]!.GetValue<string>(), Is.EqualTo(organization));
            Assert.That(created["name"]!.GetValue<string>(), Is.EqualTo("Jeanne Martin"));
            Assert.That(created["email"]!.GetValue<string>(), Is.EqualTo("Jeanne.Martin@contacts.example"));
            Assert.That(created.AsObject().ContainsKey("language") && created["language"] is null, "null: the organisation's language");
            Assert.That(created["createdAt"], Is.Not.Null);
            Assert.That(read.ToJsonString(), Is.EqualTo(created.ToJsonString()));
        });
    }

    [Test]
    public async Task Given_an_email_the_organisation_already_has_in_another_case_Then_it_is_a_409_naming_the_existing_contact()
    {
        var organization = await _admin.CreateOrganizationAsync("Duplicates");
        var first = await _admin.CreateContactAsync(organization, "sam@dup.example", "Sam");

        var response = await _admin.PostJsonAsync($"/api/v1/organizations/{organization}/contacts", new { name = "Samuel", email = " SAM@Dup.example " });
        var list = await _admin.ReadAllPagesAsync($"/api/v1/organizations/{organization}/contacts", limit: 50);

        var problem = await response.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem["contactId"]!.GetValue<string>(), Is.EqualTo(first["id"]!.GetValue<string>()));
            Assert.That(problem["contact"]!.GetValue<string>(), Is.EqualTo($"/api/v1/organizations/{organization}/contacts/{first["id"]}"));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain(first["id"]!.GetValue<string>()));
            Assert.That(list, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Given_the_same_email_added_concurrently_Then_one_contact_is_created_and_every_other_answer_names_it()
    {
        var organization = await _admin.CreateOrganizationAsync("Race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            _admin.PostJsonAsync($"/api/v1/organizations/{organization}/contacts", new { name = $"Racer {i}", email = i % 2 == 0 ? "racer@race.example" : "RACER@race.example" })));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.That(created, Has.Count.EqualTo(1), string.Join(", ", responses.Select(r => r.StatusCode)));
        var id = (await created[0].ReadJsonAsync())["id"]!.GetValue<string>();
        foreach (var conflict in responses.Where(r => r != created[0]))
        {
            var problem = await conflict.ExpectAsync(HttpStatusCode.Conflict);
            Assert.That(problem["contactId"]!.GetValue<string>(), Is.EqualTo(id));
        }
    }

    [Test]
    public async Task Given_the_same_email_in_two_organisations_Then_each_has_its_own_contact()
    {
        var one = await _admin.CreateOrganizationAsync("One");
        var two = await _admin.CreateOrganizationAsync("Two");

        var first = await _admin.CreateContactAsync(one, "shared@consultant.example");
        var second = await _admin.CreateContactAsync(two, "shared@consultant.example");

        Assert.That(second["id"]!.GetValue<string>(), Is.Not.EqualTo(first["id"]!.GetValue<string>()));
    }

    [Test] // NF-3
    public async Task Given_a_partner_Then_it_adds_and_lists_contacts_of_its_organisations_and_others_are_404()
    {
        var own = await _admin.CreateOrganizationAsync("Served");
        var other = await _admin.CreateOrganizationAsync("Not served");
        await _admin.CreateContactAsync(other, "hidden@other.example");
        using var partner = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", own));

        var added = await partner.CreateContactAsync(own, "via.partner@served.example", language: "en");
        var listed = await partner.ReadAllPagesAsync($"/api/v1/organizations/{own}/contacts", limit: 10);
        var addElsewhere = await partner.PostJsonAsync($"/api/v1/organizations/{other}/contacts", new { name = "X", email = "x@other.example" });
        var listElsewhere = await partner.GetAsync($"/api/v1/organizations/{other}/contacts");
        var readElsewhere = await partner.GetAsync($"/api/v1/organizations/{own}/contacts/{Guid.NewGuid()}");

        Assert.Multiple(() =>
        {
            Assert.That(added["language"]!.GetValue<string>(), Is.EqualTo("en"));
            Assert.That(listed.Select(c => c["email"]!.GetValue<string>()), Is.EqualTo(new[] { "via.partner@served.example" }));
            Assert.That(addElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(listElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(readElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        var others = await _admin.ReadAllPagesAsync($"/api/v1/organizations/{other}/contacts", limit: 10);
        Assert.That(others, Has.Count.EqualTo(1), "nothing was added to the organisation the partner does not serve");
    }

    [Test]
    public async Task Given_a_contact_of_one_organisation_Then_it_is_not_found_under_another()
    {
        var one = await _admin.CreateOrganizationAsync("Home");
        var two = await _admin.CreateOrganizationAsync("Elsewhere");
        var contact = await _admin.CreateContactAsync(one, "home@home.example");

        var response = await _admin.GetAsync($"/api/v1/organizations/{two}/contacts/{contact["id"]}");

        await response.ExpectAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Given_an_agent_Then_it_reads_contacts_but_may_not_add_one()
    {
        var organization = await _admin.CreateOrganizationAsync("Agent's view");
        await _admin.CreateContactAsync(organization, "known@agent.example");
        using var agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));

        var add = await agent.PostJsonAsync($"/api/v1/organizations/{organization}/contacts", new { name = "A", email = "a@agent.example" });
        var list = await agent.ReadAllPagesAsync($"/api/v1/organizations/{organization}/contacts", limit: 10);

        Assert.Multiple(() =>
        {
            Assert.That(add.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(list, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Given_an_unknown_organisation_Then_adding_or_listing_contacts_is_a_404()
    {
        var add = await _admin.PostJsonAsync($"/api/v1/organizations/{Guid.NewGuid()}/contacts", new { name = "N", email = "n@nowhere.example" });
        var list = await _admin.GetAsync($"/api/v1/organizations/{Guid.NewGuid()}/contacts");

        Assert.Multiple(() =>
        {
            Assert.That(add.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Given_a_contact_without_name_and_with_a_bad_email_Then_both_fields_are_named()
    {
        var organization = await _admin.CreateOrganizationAsync("Validation");

        var problem = await (await _admin.PostJsonAsync($"/api/v1/organizations/{organization}/contacts", new { email = "not-an-address" }))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var badLanguage = await _admin.PostJsonAsync($"/api/v1/organizations/{organization}/contacts", new { name = "D", email = "d@v.example", language = "de" });

        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!["name"], Is.Not.Null);
            Assert.That(problem["errors"]!["email"], Is.Not.Null);
            Assert.That(badLanguage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Given_more_contacts_than_a_page_Then_the_cursor_walks_through_each_once_in_the_order_they_were_added()
    {
        var organization = await _admin.CreateOrganizationAsync("Many");
        var emails = Enumerable.Range(0, 5).Select(i => $"person{i}@many.example").ToList();
        foreach (var email in emails)
        {
            await _admin.CreateContactAsync(organization, email);
        }

        var listed = await _admin.ReadAllPagesAsync($"/api/v1/organizations/{organization}/contacts", limit: 2);

        Assert.That(listed.Select(c => c["email"]!.GetValue<string>()), Is.EqualTo(emails));
    }

    [Test]
    public async Task Given_requesters_Then_their_language_is_their_own_else_their_organisations_even_after_it_changes()
    {
        var organization = await _admin.CreateOrganizationAsync("Bilingue", language: "fr");
        await _admin.CreateContactAsync(organization, "anglophone@bilingue.example", language: "en");
        await _admin.CreateContactAsync(organization, "suit@bilingue.example");

        var own = await RequesterLanguageAsync(organization, "ANGLOPHONE@bilingue.example");
        var inherited = await RequesterLanguageAsync(organization, "suit@bilingue.example");
        var unknown = await RequesterLanguageAsync(organization, "not.a.contact@bilingue.example");
        await (await _admin.PatchJsonAsync($"/api/v1/organizations/{organization}", new { language = "en" })).ExpectAsync(HttpStatusCode.OK);
        var followed = await RequesterLanguageAsync(organization, "suit@bilingue.example");

        Assert.Multiple(() =>
        {
            Assert.That(own, Is.EqualTo(Language.En));
            Assert.That(inherited, Is.EqualTo(Language.Fr));
            Assert.That(unknown, Is.EqualTo(Language.Fr));
            Assert.That(followed, Is.EqualTo(Language.En));
        });
    }

    [Test]
    public async Task Given_an_unknown_organisation_Then_the_requester_language_query_fails_rather_than_guess()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => RequesterLanguageAsync(Guid.NewGuid().ToString(), "who@nowhere.example"));
    }

    private async Task<Language> RequesterLanguageAsync(string organizationId, string email)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        return await mediator.Send(new FindRequesterLanguage(Guid.Parse(organizationId), email));
    }
}
