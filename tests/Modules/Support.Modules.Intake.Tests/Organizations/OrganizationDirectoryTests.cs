using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Organizations;

/// <summary>Listing, reading and changing customer organisations, and who may see which (NF-3).</summary>
public sealed class OrganizationDirectoryTests
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

    [Test] // NF-3
    public async Task Given_a_partner_key_Then_the_list_holds_its_organisations_and_no_other_across_pages()
    {
        var own = new[]
        {
            await _admin.CreateOrganizationAsync("Partner's first"),
            await _admin.CreateOrganizationAsync("Partner's second"),
            await _admin.CreateOrganizationAsync("Partner's third"),
        };
        await _admin.CreateOrganizationAsync("Someone else's");
        using var partner = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", own));

        var listed = await partner.ReadAllPagesAsync("/api/v1/organizations", limit: 2);

        Assert.That(listed.Select(o => o["id"]!.GetValue<string>()), Is.EqualTo(own));
    }

    [Test]
    public async Task Given_more_organisations_than_a_page_Then_staff_walk_through_every_one_once_even_with_inserts_between_pages()
    {
        using var agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        for (var i = 0; i < 3; i++)
        {
            await _admin.CreateOrganizationAsync($"Listed {i}");
        }

        var first = await (await agent.GetAsync("/api/v1/organizations?limit=2")).ExpectAsync(HttpStatusCode.OK);
        var seen = first["items"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList();
        var added = await _admin.CreateOrganizationAsync("Added between pages");
        var cursor = first["nextCursor"]!.GetValue<string>();
        while (cursor is not null)
        {
            var page = await (await agent.GetAsync($"/api/v1/organizations?limit=2&cursor={Uri.EscapeDataString(cursor)}")).ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }

        var all = await agent.ReadAllPagesAsync("/api/v1/organizations", limit: 200);
        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.Unique);
            Assert.That(seen, Is.EqualTo(all.Select(o => o["id"]!.GetValue<string>())), "oldest first, each once");
            Assert.That(seen[^1], Is.EqualTo(added), "the newest comes last");
        });
    }

    [TestCase("limit=0")]
    [TestCase("limit=201")]
    [TestCase("cursor=not-a-cursor")]
    [TestCase("cursor=bm90LWEtZ3VpZA")] // a well-formed cursor around something that is not an id
    public async Task Given_a_bad_limit_or_cursor_Then_the_list_answers_400(string query)
    {
        var response = await _admin.GetAsync($"/api/v1/organizations?{query}");

        await response.ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Test] // NF-3
    public async Task Given_a_partner_Then_another_organisations_id_is_a_404_as_for_one_that_does_not_exist()
    {
        var own = await _admin.CreateOrganizationAsync("Mine");
        var other = await _admin.CreateOrganizationAsync("Not mine");
        using var partner = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", own));

        var visible = await partner.GetAsync($"/api/v1/organizations/{own}");
        var hidden = await partner.GetAsync($"/api/v1/organizations/{other}");
        var missing = await partner.GetAsync($"/api/v1/organizations/{Guid.NewGuid()}");

        Assert.That(visible.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var hiddenProblem = await hidden.ExpectAsync(HttpStatusCode.NotFound);
        var missingProblem = await missing.ExpectAsync(HttpStatusCode.NotFound);
        Assert.That(hiddenProblem["detail"]!.GetValue<string>(), Is.EqualTo(missingProblem["detail"]!.GetValue<string>()));
    }

    [Test] // IN-8: an administrator changes the contract, and only what was sent changes
    public async Task Given_an_admin_patch_Then_only_the_fields_sent_change()
    {
        var created = await (await _admin.PostJsonAsync("/api/v1/organizations",
            new { name = "Before", language = "fr", contract = "standard", emailDomains = new[] { "before.example" } })).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();

        var patched = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{id}", new { name = " After ", contract = "extended" }))
            .ExpectAsync(HttpStatusCode.OK);
        var read = await (await _admin.GetAsync($"/api/v1/organizations/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(patched.ToJsonString(), Is.EqualTo(read.ToJsonString()));
            Assert.That(read["name"]!.GetValue<string>(), Is.EqualTo("After"));
            Assert.That(read["contract"]!.GetValue<string>(), Is.EqualTo("extended"));
            Assert.That(read["language"]!.GetValue<string>(), Is.EqualTo("fr"));
            Assert.That(read["emailDomains"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(new[] { "before.example" }));
            Assert.That(read["createdAt"]!.GetValue<string>(), Is.EqualTo(created["createdAt"]!.GetValue<string>()));
        });
    }

    [Test]
    public async Task Given_new_email_domains_Then_they_replace_the_old_ones_and_an_empty_list_removes_them()
    {
        var id = await _admin.CreateOrganizationAsync("Domains");

        var replaced = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{id}",
            new { language = "fr", emailDomains = new[] { "One.Example", "two.example", "one.example" } })).ExpectAsync(HttpStatusCode.OK);
        var cleared = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{id}", new { emailDomains = Array.Empty<string>() }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(replaced["emailDomains"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(new[] { "one.example", "two.example" }));
            Assert.That(replaced["language"]!.GetValue<string>(), Is.EqualTo("fr"));
            Assert.That(cleared["emailDomains"]!.AsArray(), Is.Empty);
            Assert.That(cleared["language"]!.GetValue<string>(), Is.EqualTo("fr"));
        });
    }

    [Test]
    public async Task Given_a_patch_with_nothing_to_change_or_bad_fields_Then_it_is_a_400_naming_them()
    {
        var id = await _admin.CreateOrganizationAsync("Unchanged");

        var empty = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{id}", new { })).ExpectAsync(HttpStatusCode.BadRequest);
        var bad = await (await _admin.PatchJsonAsync($"/api/v1/organizations/{id}", new { name = "", emailDomains = new[] { "not a domain" } }))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var badEnum = await _admin.PatchJsonAsync($"/api/v1/organizations/{id}", new { contract = "platinum" });
        var read = await (await _admin.GetAsync($"/api/v1/organizations/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(empty["errors"]!["body"], Is.Not.Null);
            Assert.That(bad["errors"]!["name"], Is.Not.Null);
            Assert.That(bad["errors"]!["emailDomains[0]"], Is.Not.Null);
            Assert.That(badEnum.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(read["name"]!.GetValue<string>(), Is.EqualTo("Unchanged"));
        });
    }

    [Test]
    public async Task Given_a_patch_of_an_unknown_organisation_Then_it_is_a_404()
    {
        var response = await _admin.PatchJsonAsync($"/api/v1/organizations/{Guid.NewGuid()}", new { name = "Nobody" });

        await response.ExpectAsync(HttpStatusCode.NotFound);
    }

    [TestCase("agent")]
    [TestCase("partner")]
    public async Task Given_a_key_that_is_not_an_administrators_Then_a_patch_is_a_403(string role)
    {
        var id = await _admin.CreateOrganizationAsync("Guarded");
        using var client = _api.ClientWithKey(await _admin.CreateApiKeyAsync(role, role == "partner" ? new[] { id } : Array.Empty<string>()));

        var response = await client.PatchJsonAsync($"/api/v1/organizations/{id}", new { contract = "extended" });

        await response.ExpectAsync(HttpStatusCode.Forbidden);
    }
}
