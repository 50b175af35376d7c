using System.Net;
using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Queues;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Queues;

/// <summary>Configurable queues and the address that feeds each (IN-5).</summary>
public sealed class QueueTests
{
    private static readonly string[] DefaultIds = ["agencies", "distributors-and-integrators", "technical-support", "training"];
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        _admin = _api.Admin();
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    [Test] // IN-5
    public async Task Given_a_new_host_Then_the_four_default_queues_exist_with_their_intake_addresses()
    {
        var queues = await _agent.ReadAllPagesAsync("/api/v1/queues", limit: 200);
        var defaults = queues.Where(q => DefaultIds.Contains(q["id"]!.GetValue<string>())).ToDictionary(q => q["id"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(defaults.Keys, Is.EquivalentTo(DefaultIds));
            Assert.That(defaults["technical-support"]["name"]!.GetValue<string>(), Is.EqualTo("Technical support"));
            Assert.That(defaults["technical-support"]["intakeAddress"]!.GetValue<string>(), Is.EqualTo("support@support.localhost"));
            Assert.That(defaults["distributors-and-integrators"]["intakeAddress"]!.GetValue<string>(), Is.EqualTo("partners@support.localhost"));
            Assert.That(defaults["training"]["intakeAddress"]!.GetValue<string>(), Is.EqualTo("training@support.localhost"));
            Assert.That(defaults["agencies"]["intakeAddress"]!.GetValue<string>(), Is.EqualTo("agencies@support.localhost"));
        });
    }

    [Test]
    public async Task Given_a_new_queue_Then_its_id_is_the_slug_of_its_name_and_it_can_be_read_back()
    {
        var response = await _admin.PostJsonAsync("/api/v1/queues", new { name = "Billing & invoices", intakeAddress = "Billing@Example.com" });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var read = await (await _agent.GetAsync(response.Headers.Location!.ToString())).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/api/v1/queues/billing-invoices"));
            Assert.That(created["id"]!.GetValue<string>(), Is.EqualTo("billing-invoices"));
            Assert.That(created["name"]!.GetValue<string>(), Is.EqualTo("Billing & invoices"));
            Assert.That(created["intakeAddress"]!.GetValue<string>(), Is.EqualTo("billing@example.com"));
            Assert.That(read.ToJsonString(), Is.EqualTo(created.ToJsonString()));
        });
    }

    [Test]
    public async Task Given_a_queue_without_intake_address_Then_it_is_created_with_none()
    {
        var created = await (await _admin.PostJsonAsync("/api/v1/queues", new { name = "Walk-ins" })).ExpectAsync(HttpStatusCode.Created);

        Assert.Multiple(() =>
        {
            Assert.That(created["id"]!.GetValue<string>(), Is.EqualTo("walk-ins"));
            Assert.That(created.AsObject().ContainsKey("intakeAddress") && created["intakeAddress"] is null);
        });
    }

    [Test]
    public async Task Given_a_name_that_gives_an_existing_id_Then_it_is_a_409_naming_that_queue()
    {
        var response = await _admin.PostJsonAsync("/api/v1/queues", new { name = "TRAINING!" });

        var problem = await response.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Multiple(() =>
        {
            Assert.That(problem["queueId"]!.GetValue<string>(), Is.EqualTo("training"));
            Assert.That(problem["queue"]!.GetValue<string>(), Is.EqualTo("/api/v1/queues/training"));
        });
    }

    [Test]
    public async Task Given_an_intake_address_another_queue_has_Then_creating_or_moving_it_is_a_409_naming_that_queue()
    {
        await (await _admin.PostJsonAsync("/api/v1/queues", new { name = "Keeps its address" })).ExpectAsync(HttpStatusCode.Created);

        var create = await _admin.PostJsonAsync("/api/v1/queues", new { name = "Second support", intakeAddress = "SUPPORT@support.localhost" });
        var move = await _admin.PatchJsonAsync("/api/v1/queues/keeps-its-address", new { intakeAddress = "training@support.localhost" });
        var unchanged = await (await _agent.GetAsync("/api/v1/queues/keeps-its-address")).ExpectAsync(HttpStatusCode.OK);
        var notCreated = await _agent.GetAsync("/api/v1/queues/second-support");

        var createProblem = await create.ExpectAsync(HttpStatusCode.Conflict);
        var moveProblem = await move.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Multiple(() =>
        {
            Assert.That(createProblem["queueId"]!.GetValue<string>(), Is.EqualTo("technical-support"));
            Assert.That(moveProblem["queueId"]!.GetValue<string>(), Is.EqualTo("training"));
            Assert.That(unchanged["intakeAddress"], Is.Null);
            Assert.That(notCreated.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Given_the_same_queue_created_concurrently_Then_one_is_created_and_the_others_are_409()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            _admin.PostJsonAsync("/api/v1/queues", new { name = "Rush hour", intakeAddress = $"rush{i}@example.com" })));

        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Given_a_rename_and_a_new_address_Then_the_id_stays_and_the_old_address_feeds_nothing()
    {
        await (await _admin.PostJsonAsync("/api/v1/queues", new { name = "Hotline", intakeAddress = "hotline@example.com" })).ExpectAsync(HttpStatusCode.Created);

        var renamed = await (await _admin.PatchJsonAsync("/api/v1/queues/hotline", new { name = "Premium hotline", intakeAddress = "premium@example.com" }))
            .ExpectAsync(HttpStatusCode.OK);
        var read = await (await _agent.GetAsync("/api/v1/queues/hotline")).ExpectAsync(HttpStatusCode.OK);
        var oldAddressFeeds = await QueueForAddressAsync("hotline@example.com");
        var newAddressFeeds = await QueueForAddressAsync("premium@example.com");

        Assert.Multiple(() =>
        {
            Assert.That(renamed["id"]!.GetValue<string>(), Is.EqualTo("hotline"));
            Assert.That(read["name"]!.GetValue<string>(), Is.EqualTo("Premium hotline"));
            Assert.That(read["intakeAddress"]!.GetValue<string>(), Is.EqualTo("premium@example.com"));
            Assert.That(oldAddressFeeds, Is.Null);
            Assert.That(newAddressFeeds, Is.EqualTo("hotline"));
        });
    }

    [Test]
    public async Task Given_an_empty_intake_address_Then_the_queue_keeps_its_name_and_loses_its_address()
    {
        await (await _admin.PostJsonAsync("/api/v1/queues", new { name = "Retired mailbox", intakeAddress = "retired@example.com" })).ExpectAsync(HttpStatusCode.Created);

        var patched = await (await _admin.PatchJsonAsync("/api/v1/queues/retired-mailbox", new { intakeAddress = "" })).ExpectAsync(HttpStatusCode.OK);
        var oldAddressFeeds = await QueueForAddressAsync("retired@example.com");

        Assert.Multiple(() =>
        {
            Assert.That(patched["name"]!.GetValue<string>(), Is.EqualTo("Retired mailbox"));
            Assert.That(patched["intakeAddress"], Is.Null);
            Assert.That(oldAddressFeeds, Is.Null);
        });
    }

    [Test]
    public async Task Given_a_queue_patched_with_its_own_address_Then_it_is_not_a_conflict()
    {
        var response = await _admin.PatchJsonAsync("/api/v1/queues/agencies", new { intakeAddress = "Agencies@Support.localhost" });

        await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Given_bad_queue_fields_Then_they_are_a_400_naming_them()
    {
        var create = await (await _admin.PostJsonAsync("/api/v1/queues", new { name = "¡¿!", intakeAddress = "Support <support@example.com>" }))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var missing = await (await _admin.PostJsonAsync("/api/v1/queues", new { intakeAddress = "x@example.com" })).ExpectAsync(HttpStatusCode.BadRequest);
        var empty = await (await _admin.PatchJsonAsync("/api/v1/queues/training", new { })).ExpectAsync(HttpStatusCode.BadRequest);
        var badPatch = await (await _admin.PatchJsonAsync("/api/v1/queues/training", new { name = " ", intakeAddress = "nope" })).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(create["errors"]!["name"], Is.Not.Null);
            Assert.That(create["errors"]!["intakeAddress"], Is.Not.Null);
            Assert.That(missing["errors"]!["name"], Is.Not.Null);
            Assert.That(empty["errors"]!["body"], Is.Not.Null);
            Assert.That(badPatch["errors"]!["name"], Is.Not.Null);
            Assert.That(badPatch["errors"]!["intakeAddress"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Given_an_unknown_queue_Then_reading_or_patching_it_is_a_404()
    {
        var read = await _agent.GetAsync("/api/v1/queues/nowhere");
        var patch = await _admin.PatchJsonAsync("/api/v1/queues/nowhere", new { name = "Somewhere" });

        Assert.Multiple(() =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Given_keys_without_the_right_role_Then_writes_are_admin_only_and_reads_staff_only()
    {
        using var partner = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", await _admin.CreateOrganizationAsync()));

        var agentCreate = await _agent.PostJsonAsync("/api/v1/queues", new { name = "Agent's own" });
        var agentPatch = await _agent.PatchJsonAsync("/api/v1/queues/training", new { name = "Renamed by agent" });
        var partnerList = await partner.GetAsync("/api/v1/queues");
        var partnerRead = await partner.GetAsync("/api/v1/queues/training");

        Assert.Multiple(() =>
        {
            Assert.That(agentCreate.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(agentPatch.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(partnerList.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(partnerRead.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Given_more_queues_than_a_page_Then_the_cursor_walks_through_each_once_by_id()
    {
        var all = await _agent.ReadAllPagesAsync("/api/v1/queues", limit: 200);
        var paged = await _agent.ReadAllPagesAsync("/api/v1/queues", limit: 1);

        var ids = paged.Select(q => q["id"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(all.Select(q => q["id"]!.GetValue<string>())));
            Assert.That(ids, Is.Unique.And.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(ids, Has.Count.GreaterThanOrEqualTo(4));
        });
    }

    [TestCase("support@support.localhost", "technical-support")]
    [TestCase("Partners@SUPPORT.localhost", "distributors-and-integrators")]
    [TestCase("Training team <training@support.localhost>", "training")]
    [TestCase("nobody@support.localhost", null)]
    [TestCase("not an address", null)]
    public async Task Given_an_address_Then_intake_finds_the_queue_it_feeds(string address, string? queue)
    {
        Assert.That(await QueueForAddressAsync(address), Is.EqualTo(queue));
    }

    [Test]
    public async Task Given_queue_ids_Then_the_directory_knows_which_exist()
    {
        await (await _admin.PostJsonAsync("/api/v1/queues", new { name = "Known later" })).ExpectAsync(HttpStatusCode.Created);
        await using var session = _api.Services.GetRequiredService<IDocumentStore>().QuerySession();

        var answers = new Dictionary<string, bool>();
        foreach (var id in new[] { "technical-support", "known-later", "Technical-Support", "nowhere" })
        {
            answers[id] = await QueueDirectory.ExistsAsync(session, id, CancellationToken.None);
        }

        Assert.That(answers, Is.EqualTo(new Dictionary<string, bool>
        {
            ["technical-support"] = true, ["known-later"] = true, ["Technical-Support"] = false, ["nowhere"] = false,
        }));
    }

    private async Task<string?> QueueForAddressAsync(string address)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindQueueByIntakeAddress(address));
    }
}
