using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Support.Testing;

namespace Support.Host.Tests.Platform;

/// <summary>
/// Real traffic, validated against the OpenAPI document the way partners do: the host listens on a
/// loopback port, Stoplight Prism (<c>.tools/prism</c>, installed by <c>build/lib.sh ensure_prism</c>)
/// proxies to it with the served <c>/openapi/v1.json</c>, and a tour of every operation (happy
/// paths and the main error answers) goes through the proxy. Prism marks every request or response
/// that does not match the document with an <c>sl-violations</c> header; the tour collects them and
/// fails with the list. Deliberately invalid requests (a 400 on purpose, no key) may break the
/// request's side of the contract, never the response's.
/// </summary>
[NonParallelizable]
public sealed class ContractTrafficTests
{
    private static readonly TimeSpan PrismStartTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Given_a_tour_of_every_operation_through_prism_Then_no_request_or_response_breaks_the_document()
    {
        // Webhooks post back to this host (127.0.0.1, allowed here), which answers 405: they retry briefly, then go dead.
        await using var api = KestrelApi(new Dictionary<string, string?>
        {
            ["Support:Webhooks:AllowPrivateNetworkTargets"] = "true",
            ["Support:Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Support:Webhooks:RetryFor"] = "00:00:02",
            ["Support:Webhooks:PollInterval"] = "00:00:00.100",
            ["Support:Surveys:Delay"] = "00:00:00",
            ["Support:Surveys:BaseUrl"] = "https://support.example",
            ["Support:Scheduler:SweepInterval"] = "00:00:01",
        });
        await using var prism = await Prism.StartAsync(api.Port);
        var tour = new Tour(prism, api.Port) { MailDirectory = api.PickupDirectory };

        try
        {
            await tour.RunAsync();
        }
        finally
        {
            await TestContext.Out.WriteLineAsync(Tour.Table(tour.Calls));
            await TestContext.Out.WriteLineAsync(prism.Output);
        }

        // 429 needs a bucket of its own: a second host with a tiny rate limit, behind a second proxy.
        await using var limitedApi = KestrelApi(new Dictionary<string, string?>
        {
            ["Support:RateLimit:Burst"] = "1",
            ["Support:RateLimit:PermitsPerSecond"] = "0.01",
        });
        await using var limitedPrism = await Prism.StartAsync(limitedApi.Port);
        var limited = new Tour(limitedPrism, limitedApi.Port);
        await limited.CallAsync("rate limited: first call", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/queues", limited.Admin);
        await limited.CallAsync("rate limited: second call", HttpStatusCode.TooManyRequests, HttpMethod.Get, "/api/v1/queues", limited.Admin);

        var calls = tour.Calls.Concat(limited.Calls).ToList();
        await TestContext.Out.WriteLineAsync(Tour.Table(limited.Calls));

        var document = JsonNode.Parse(prism.DocumentText)!;
        var uncalled = Tour.Operations(document).Where(operation => !calls.Any(operation.Matches)).Select(o => o.Name).ToList();
        var wrongStatus = calls.Where(c => c.Status != c.Expected).Select(c => $"{c.Step}: {c.Method} {c.Path} answered {(int)c.Status}, expected {(int)c.Expected}").ToList();
        var violations = calls.SelectMany(c => c.Violations.Select(v => $"{c.Step}: {c.Method} {c.Path} → {(int)c.Status}: {v}")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(uncalled, Is.Empty, "Operations of the document the tour does not call:" + Environment.NewLine + string.Join(Environment.NewLine, uncalled));
            Assert.That(wrongStatus, Is.Empty, string.Join(Environment.NewLine, wrongStatus));
            Assert.That(violations, Is.Empty,
                $"Prism found {violations.Count} violation(s) of /openapi/v1.json:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
        });
    }

    private static KestrelSupportApi KestrelApi(IReadOnlyDictionary<string, string?> settings)
    {
        var api = new KestrelSupportApi(settings);
        api.StartServer();
        return api;
    }

    /// <summary>The real host on a real loopback port (prism needs a socket to proxy to).</summary>
    private sealed class KestrelSupportApi : IAsyncDisposable
    {
        private readonly SupportApiFactory _factory;

        public KestrelSupportApi(IReadOnlyDictionary<string, string?> settings)
        {
            Port = ProcessRunner.FreePort();
            _factory = new SupportApiFactory(settings: settings);
            _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        }

        public int Port { get; }

        public string PickupDirectory => _factory.PickupDirectory;

        public void StartServer() => _factory.StartServer();

        public ValueTask DisposeAsync() => _factory.DisposeAsync();
    }

    /// <summary><c>prism proxy</c> as a child process, its output kept for the failure message.</summary>
    private sealed class Prism : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly DirectoryInfo _directory;

        private Prism(Process process, DirectoryInfo directory, int port, string documentText)
        {
            _process = process;
            _directory = directory;
            Port = port;
            DocumentText = documentText;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Port { get; }

        public string DocumentText { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<Prism> StartAsync(int upstreamPort)
        {
            var executable = Path.Combine(Repository.Root, ".tools", "prism", "node_modules", ".bin", "prism");
            if (!File.Exists(executable))
            {
                Assert.Fail($"Prism is not installed at {executable}: run build/test.sh (or 'source build/lib.sh && ensure_prism') first.");
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{upstreamPort}") };
            var documentText = await http.GetStringAsync("/openapi/v1.json");
            var directory = Directory.CreateTempSubdirectory("support-prism-");
            var documentFile = Path.Combine(directory.FullName, "openapi.json");
            await File.WriteAllTextAsync(documentFile, documentText);

            var port = ProcessRunner.FreePort();
            var info = ProcessRunner.Start(executable,
                ["proxy", documentFile, $"http://127.0.0.1:{upstreamPort}", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors=false"]);
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {executable}.");
            var prism = new Prism(process, directory, port, documentText);
            try
            {
                await ProcessRunner.WaitForPortAsync(port, PrismStartTimeout);
            }
            catch
            {
                await prism.DisposeAsync();
                throw;
            }

            return prism;
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
            finally
            {
                _process.Dispose();
                _directory.Delete(recursive: true);
            }
        }
    }

    /// <summary>One call of the tour, with what prism said about it.</summary>
    /// <summary>
    /// Prism reads every multipart field as text and ignores the part's <c>encoding.contentType</c>, so the
    /// <c>ticket</c> part, an object sent as <c>application/json</c> as the document declares, looks like a
    /// string to it. The document is right (OpenAPI 3.1, "Encoding Object"); prism 5.16 cannot check it.
    /// </summary>
    private const string PrismReadsFormFieldsAsText = "request.body.ticket: Request body property ticket must be object";

    private sealed record Call(string Step, string Method, string Path, HttpStatusCode Expected, HttpStatusCode Status, IReadOnlyList<string> Violations);

    private sealed record Operation(string Method, string Template)
    {
        private readonly Regex _pattern = new("^" + Regex.Replace(Regex.Escape(Template), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.None, TimeSpan.FromSeconds(1));

        public string Name => $"{Method} {Template}";

        public bool Matches(Call call) => call.Method == Method && _pattern.IsMatch(call.Path.Split('?')[0]);
    }

    /// <summary>The calls, in order: each later one uses what the earlier ones made.</summary>
    private sealed class Tour(Prism prism, int upstreamPort)
    {
        private readonly List<Call> _calls = [];

        public IReadOnlyList<Call> Calls => _calls;

        public string Admin => SupportApiFactory.AdminKey;

        /// <summary>Where the host writes its emails (the survey link is read from there).</summary>
        public string? MailDirectory { get; init; }

        public static IEnumerable<Operation> Operations(JsonNode document) =>
            document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
                .Where(method => method.Key is "get" or "post" or "patch" or "put" or "delete")
                .Select(method => new Operation(method.Key.ToUpperInvariant(), path.Key)));

        public static string Table(IEnumerable<Call> calls)
        {
            var table = new StringBuilder();
            table.AppendLine("| step | call | expected | answered | violations |").AppendLine("| --- | --- | --- | --- | --- |");
            foreach (var call in calls)
            {
                table.AppendLine($"| {call.Step} | {call.Method} {call.Path} | {(int)call.Expected} | {(int)call.Status} | {string.Join("; ", call.Violations)} |");
            }

            return table.ToString();
        }

        public async Task RunAsync()
        {
            var admin = Admin;

            // Health, and the answers of the pipeline.
            await CallAsync("liveness", HttpStatusCode.OK, HttpMethod.Get, "/health/live", null);
            await CallAsync("readiness", HttpStatusCode.OK, HttpMethod.Get, "/health/ready", null);
            await CallAsync("no key", HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/organizations", null, invalidRequest: true);
            await CallAsync("unknown key", HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/organizations", "not-a-key");

            // Organisations and their contacts.
            var organization = await CallAsync("create organisation", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/organizations", admin,
                Json(new { name = "Acme", language = "en", contract = "standard", emailDomains = new[] { "acme.example" } }));
            var organizationId = organization["id"]!.GetValue<string>();
            await CallAsync("create organisation, invalid", HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/organizations", admin,
                Json(new { name = "", language = "de", contract = "standard" }), invalidRequest: true);
            await CallAsync("create organisation, webmail domain", HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/organizations", admin,
                Json(new { name = "Gmail users", language = "en", contract = "standard", emailDomains = new[] { "gmail.com" } }));
            await CallAsync("create organisation, domain taken", HttpStatusCode.Conflict, HttpMethod.Post, "/api/v1/organizations", admin,
                Json(new { name = "Acme again", language = "en", contract = "standard", emailDomains = new[] { "ACME.example" } }));
            var other = (await CallAsync("create another organisation", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/organizations", admin,
                Json(new { name = "Beta", language = "fr", contract = "phone", emailDomains = new[] { "beta.example" } })))["id"]!.GetValue<string>();
            // Not through prism: malformed JSON is a 400 of the host (ProblemDocumentTests), but prism never answers it.
            await CallAsync("create organisation, as text", HttpStatusCode.UnsupportedMediaType, HttpMethod.Post, "/api/v1/organizations", admin,
                new StringContent("Acme", Encoding.UTF8, "text/plain"), invalidRequest: true);
            await CallAsync("list organisations", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/organizations?limit=10", admin);
            await CallAsync("list organisations, bad limit", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/organizations?limit=0", admin, invalidRequest: true);
            await CallAsync("get organisation", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/organizations/{organizationId}", admin);
            await CallAsync("get organisation, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/organizations/{Guid.NewGuid()}", admin);
            await CallAsync("patch organisation", HttpStatusCode.OK, HttpMethod.Patch, $"/api/v1/organizations/{organizationId}", admin,
                Json(new { contract = "phone", emailDomains = new[] { "acme.example", "@eu.acme.example" } }));
            await CallAsync("patch organisation, domain taken", HttpStatusCode.Conflict, HttpMethod.Patch, $"/api/v1/organizations/{other}", admin,
                Json(new { emailDomains = new[] { "beta.example", "eu.acme.example" } }));
            await CallAsync("patch organisation, invalid", HttpStatusCode.BadRequest, HttpMethod.Patch, $"/api/v1/organizations/{other}", admin,
                Json(new { emailDomains = new[] { "not a domain" } }));
            await CallAsync("patch organisation, unknown", HttpStatusCode.NotFound, HttpMethod.Patch, $"/api/v1/organizations/{Guid.NewGuid()}", admin,
                Json(new { name = "Nobody" }));

            var partner = (await CallAsync("create partner key", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/api-keys", admin,
                Json(new { name = "Partner", role = "partner", organizationIds = new[] { organizationId } })))["key"]!.GetValue<string>();
            var agentKey = await CallAsync("create agent key", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/api-keys", admin,
                Json(new { name = "Agent", role = "agent", organizationIds = Array.Empty<string>() }));
            var agent = agentKey["key"]!.GetValue<string>();
            var developer = (await CallAsync("create developer key", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/api-keys", admin,
                Json(new { name = "Developer", role = "developer" })))["key"]!.GetValue<string>();
            await CallAsync("create key, invalid role", HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/api-keys", admin,
                Json(new { name = "Nobody", role = "superuser" }), invalidRequest: true);
            await CallAsync("create key, as a partner", HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/api-keys", partner,
                Json(new { name = "Mine", role = "admin" }));
            await CallAsync("get key", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/api-keys/{agentKey["id"]!.GetValue<string>()}", admin);
            await CallAsync("get key, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/api-keys/{Guid.NewGuid()}", admin);

            var contact = await CallAsync("create contact", HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/organizations/{organizationId}/contacts", partner,
                Json(new { name = "Jane Doe", email = "jane@acme.example", language = "fr" }));
            await CallAsync("create contact, taken", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/organizations/{organizationId}/contacts", admin,
                Json(new { name = "Jane Again", email = "jane@acme.example" }));
            await CallAsync("create contact, invalid", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/organizations/{organizationId}/contacts", admin,
                Json(new { name = "No Mail", email = "not an address" }), invalidRequest: true);
            await CallAsync("create contact, unknown organisation", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/organizations/{Guid.NewGuid()}/contacts", admin,
                Json(new { name = "Lost", email = "lost@nowhere.example" }));
            await CallAsync("list contacts", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/organizations/{organizationId}/contacts", partner);
            await CallAsync("get contact", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/organizations/{organizationId}/contacts/{contact["id"]!.GetValue<string>()}", partner);
            await CallAsync("get contact, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/organizations/{organizationId}/contacts/{Guid.NewGuid()}", partner);

            // Queues.
            var queue = await CallAsync("create queue", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/queues", admin,
                Json(new { name = "Tour desk", intakeAddress = "tour-desk@support.example" }));
            var queueId = queue["id"]!.GetValue<string>();
            await CallAsync("create queue, taken", HttpStatusCode.Conflict, HttpMethod.Post, "/api/v1/queues", admin,
                Json(new { name = "Tour Desk" }));
            await CallAsync("create queue, as an agent", HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/queues", agent,
                Json(new { name = "Mine" }));
            await CallAsync("list queues", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/queues", agent);
            await CallAsync("get queue", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/queues/{queueId}", agent);
            await CallAsync("get queue, unknown", HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/queues/no-such-queue", agent);
            await CallAsync("patch queue", HttpStatusCode.OK, HttpMethod.Patch, $"/api/v1/queues/{queueId}", admin,
                Json(new { name = "Tech support" }));
            await CallAsync("patch queue, unknown", HttpStatusCode.NotFound, HttpMethod.Patch, "/api/v1/queues/no-such-queue", admin,
                Json(new { name = "Nobody" }));

            // Tickets: intake.
            var ticketBody = new
            {
                organizationId,
                requester = new { email = "jane@acme.example", name = "Jane Doe" },
                subject = "The export fails",
                description = "When I export the monthly report, the application shows an error.",
                category = "usage",
                priority = "normal",
                channel = "api",
                queue = queueId,
            };
            var ticket = await CallAsync("submit ticket", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tickets", partner, Json(ticketBody));
            var ticketId = ticket["id"]!.GetValue<string>();
            var withFile = await CallAsync("submit ticket with a file", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tickets", agent,
                Form([TestFile.Text("server.log", "ERROR export failed", part: "log")],
                    new Dictionary<string, string> { ["ticket"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(ticketBody, Api.Json))!.ToJsonString() }),
                tolerated: PrismReadsFormFieldsAsText);
            await CallAsync("submit ticket, bug without scenario", HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/tickets", agent,
                Json(ticketBody with { category = "bug" }), invalidRequest: true);
            await CallAsync("submit ticket, unknown organisation", HttpStatusCode.UnprocessableEntity, HttpMethod.Post, "/api/v1/tickets", agent,
                Json(ticketBody with { organizationId = Guid.NewGuid().ToString() }));
            await CallAsync("submit ticket, as a developer", HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/tickets", developer, Json(ticketBody));
            await CallAsync("submit ticket, same idempotency key other body", HttpStatusCode.UnprocessableEntity, HttpMethod.Post, "/api/v1/tickets", agent,
                Json(ticketBody), headers: new() { ["Idempotency-Key"] = "tour-1" }, before: () => SendDirectAsync(HttpMethod.Post, "/api/v1/tickets", agent,
                    Json(ticketBody with { subject = "Another one" }), new() { ["Idempotency-Key"] = "tour-1" }));

            // Tickets: reading.
            await CallAsync("get ticket", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/tickets/{ticketId}", partner);
            await CallAsync("get ticket, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/tickets/{Guid.NewGuid()}", partner);
            await CallAsync("list tickets", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/tickets?status=new&organizationId={organizationId}&limit=1", agent);
            await CallAsync("list tickets, bad status", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/tickets?status=sleeping", agent, invalidRequest: true);
            await CallAsync("history", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/tickets/{ticketId}/history", partner);
            await CallAsync("history, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/tickets/{Guid.NewGuid()}/history", agent);
            await CallAsync("work queue", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/queue?queue={queueId}", agent);
            await CallAsync("work queue, as a partner", HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/queue", partner);

            // Messages.
            var message = await CallAsync("add message", HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/messages", agent,
                Json(new { body = "Could you send the server log?", visibility = "public" }));
            await CallAsync("add message, internal as a partner", HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/messages", partner,
                Json(new { body = "Psst", visibility = "internal" }));
            await CallAsync("add message, empty", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/messages", agent,
                Json(new { body = "" }), invalidRequest: true);
            await CallAsync("list messages", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/tickets/{ticketId}/messages", partner);
            await CallAsync("get message", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/tickets/{ticketId}/messages/{message["id"]!.GetValue<string>()}", partner);
            await CallAsync("get message, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/tickets/{ticketId}/messages/{Guid.NewGuid()}", partner);

            // Attachments.
            var added = await CallAsync("upload attachment", HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/attachments", agent,
                Form([TestFile.Text("notes.txt", "Some notes")], new Dictionary<string, string> { ["visibility"] = "internal" }));
            await CallAsync("upload attachment, not allowed type", HttpStatusCode.UnsupportedMediaType, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/attachments", agent,
                Form([new TestFile("tool.exe", "application/x-msdownload", [0x4d, 0x5a, 0x90])]));
            await CallAsync("upload attachment, empty file", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/attachments", agent,
                Form([new TestFile("empty.txt", "text/plain", [])]));
            await CallAsync("upload attachment, internal as a partner", HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/attachments", partner,
                Form([TestFile.Text("notes.txt", "Some notes")], new Dictionary<string, string> { ["visibility"] = "internal" }));
            await CallAsync("list attachments", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/tickets/{ticketId}/attachments", agent);
            await CallAsync("download attachment", HttpStatusCode.OK, HttpMethod.Get,
                added["items"]![0]!["url"]!.GetValue<string>(), agent);
            await CallAsync("download attachment, internal as a partner", HttpStatusCode.NotFound, HttpMethod.Get,
                added["items"]![0]!["url"]!.GetValue<string>(), partner);
            var intakeFile = (await SendDirectAsync(HttpMethod.Get, $"/api/v1/tickets/{withFile["id"]!.GetValue<string>()}/attachments", agent)).Body["items"]![0]!;
            await CallAsync("download attachment from intake", HttpStatusCode.OK, HttpMethod.Get, intakeFile["url"]!.GetValue<string>(), partner);

            // The event stream: only its answer's head (prism would wait for a stream that never ends).
            await StreamHeadAsync("stream", $"/api/v1/tickets/{ticketId}/stream", agent);
            await CallAsync("stream, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/tickets/{Guid.NewGuid()}/stream", agent);

            // Lifecycle.
            await CallAsync("take in charge", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/assignment", agent);
            await CallAsync("take in charge, as a partner", HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/assignment", partner);
            await CallAsync("take in charge, unknown ticket", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/tickets/{Guid.NewGuid()}/assignment", agent);
            await CallAsync("correct category", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/category", agent,
                Json(new { category = "feature", reason = "It is a feature request." }));
            await CallAsync("correct category, stale If-Match", HttpStatusCode.PreconditionFailed, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/category", agent,
                Json(new { category = "usage", reason = "Back." }), headers: new() { ["If-Match"] = "\"1\"" });
            await CallAsync("correct category, none", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/category", agent,
                Json(new { reason = "No category." }), invalidRequest: true);
            await CallAsync("wait on customer", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/waiting-on-customer", agent,
                Json(new { message = "Which version do you run?" }));
            await CallAsync("close, not resolved", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/close", agent);
            await CallAsync("reopen, not resolved", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/reopen", agent,
                Json(new { reason = "Still broken." }));
            await CallAsync("resolve", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/resolution", agent,
                Json(new { resolution = "solved", note = "Fixed the export settings." }));
            await CallAsync("reopen", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/reopen", partner,
                Json(new { reason = "It fails again." }));
            await CallAsync("resolve again", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/resolution", agent,
                Json(new { resolution = "solved", note = "Fixed for good." }));
            await CallAsync("close", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/close", agent);
            await CallAsync("reopen a closed ticket (follow-up)", HttpStatusCode.Accepted, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/reopen", partner,
                Json(new { reason = "It came back." }));
            await CallAsync("upload attachment, closed ticket", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/attachments", agent,
                Form([TestFile.Text("late.txt", "Too late")]));

            await EscalationAsync(organizationId, ticketId, partner, agent, developer);
            await EmailsAsync(ticketId, agent);
            await EmailIntakeAsync(organizationId, agent);
            await SurveysAsync(agent);
            await CalendarsAsync(agent);
            await WebhooksAsync(organizationId, partner, agent);
        }

        /// <summary>Business calendars and a queue working by one (TR-8).</summary>
        private async Task CalendarsAsync(string agent)
        {
            await CallAsync("list calendars", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/calendars", agent);
            await CallAsync("get calendar", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/calendars/standard", agent);
            await CallAsync("get calendar, unknown", HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/calendars/nowhere", agent);
            var hours = new[] { new { day = "monday", start = "08:00", end = "12:00" }, new { day = "monday", start = "13:00", end = "17:00" } };
            await CallAsync("create calendar", HttpStatusCode.Created, HttpMethod.Put, "/api/v1/calendars/tour-desk", Admin,
                Json(new { name = "Tour desk", timeZone = "America/Toronto", hours, holidays = new[] { "2026-12-25" } }));
            await CallAsync("replace calendar", HttpStatusCode.OK, HttpMethod.Put, "/api/v1/calendars/tour-desk", Admin,
                Json(new { name = "Tour desk", timeZone = "America/Toronto", hours }));
            await CallAsync("replace calendar, unknown time zone", HttpStatusCode.BadRequest, HttpMethod.Put, "/api/v1/calendars/tour-desk", Admin,
                Json(new { name = "Tour desk", timeZone = "Mars/Olympus", hours }));
            await CallAsync("create calendar, as an agent", HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/calendars/mine", agent,
                Json(new { name = "Mine", timeZone = "Europe/Paris", hours }));
            await CallAsync("queue works by a calendar", HttpStatusCode.OK, HttpMethod.Patch, "/api/v1/queues/training", Admin, Json(new { calendarId = "tour-desk" }));
            await CallAsync("queue works by an unknown calendar", HttpStatusCode.UnprocessableEntity, HttpMethod.Patch, "/api/v1/queues/training", Admin,
                Json(new { calendarId = "nowhere" }));
        }

        /// <summary>The closed ticket's survey, answered through its link, and the reports (SU-1..SU-3).</summary>
        private async Task SurveysAsync(string agent)
        {
            var token = await Eventually.ValueAsync(() => Task.FromResult(Directory.Exists(MailDirectory)
                ? Directory.GetFiles(MailDirectory!, "*.eml").Select(File.ReadAllText)
                    .Select(text => System.Text.RegularExpressions.Regex.Match(text, @"https://support\.example/surveys/([A-Za-z0-9_-]+)"))
                    .Where(match => match.Success).Select(match => match.Groups[1].Value).FirstOrDefault()
                : null), what: "the survey email");
            await CallAsync("survey", HttpStatusCode.OK, HttpMethod.Get, $"/surveys/{token}", null, headers: new() { ["Accept"] = "application/json" });
            await CallAsync("survey page", HttpStatusCode.OK, HttpMethod.Get, $"/surveys/{token}", null, headers: new() { ["Accept"] = "text/html" });
            await CallAsync("survey, unknown link", HttpStatusCode.NotFound, HttpMethod.Get, $"/surveys/{new string('x', 43)}", null,
                headers: new() { ["Accept"] = "application/json" });
            await CallAsync("answer survey, no rating", HttpStatusCode.BadRequest, HttpMethod.Post, $"/surveys/{token}", null, Json(new { comment = "?" }),
                invalidRequest: true);
            await CallAsync("answer survey", HttpStatusCode.OK, HttpMethod.Post, $"/surveys/{token}", null, Json(new { rating = "bad", comment = "Too slow." }));
            await CallAsync("answer survey again", HttpStatusCode.Conflict, HttpMethod.Post, $"/surveys/{token}", null, Json(new { rating = "good" }));
            await CallAsync("satisfaction report", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/reports/satisfaction?groupBy=category", agent);
            await CallAsync("satisfaction report, bad grouping", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/reports/satisfaction?groupBy=colour", agent);
            await CallAsync("ticket report", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/reports/tickets?groupBy=channel", agent);
            await CallAsync("ticket report, bad grouping", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/reports/tickets?groupBy=colour", agent);
            await CallAsync("dissatisfied answers", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/reports/satisfaction/dissatisfied?limit=10", agent);
            await CallAsync("dissatisfied answers, bad cursor", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/reports/satisfaction/dissatisfied?cursor=%21", agent,
                invalidRequest: true);
        }

        /// <summary>The customer emails' templates and the mail outbox, for administrators (NO-5, NO-7).</summary>
        private async Task EmailsAsync(string ticketId, string agent)
        {
            await CallAsync("list templates", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/templates", Admin);
            await CallAsync("list templates, as an agent", HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/templates", agent);
            await CallAsync("get template", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/templates/resolved/fr", Admin);
            await CallAsync("get template, unknown", HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/templates/resolved/de", Admin);
            await CallAsync("replace template", HttpStatusCode.OK, HttpMethod.Put, "/api/v1/templates/closed/en", Admin,
                Json(new { source = "Subject: [{{ ticket.number }}] Closed\n\nHello {{ requester.name }}, {{ ticket.number }} is closed.\n" }));
            await CallAsync("replace template, does not parse", HttpStatusCode.UnprocessableEntity, HttpMethod.Put, "/api/v1/templates/closed/en", Admin,
                Json(new { source = "Subject: x\n{% if ticket.number %}\nno end" }));
            await CallAsync("replace template, no source", HttpStatusCode.BadRequest, HttpMethod.Put, "/api/v1/templates/closed/en", Admin,
                Json(new { }), invalidRequest: true);
            await CallAsync("preview template", HttpStatusCode.OK, HttpMethod.Post, "/api/v1/templates/closed/en/preview", Admin, Json(new { }));
            await CallAsync("preview template, another source", HttpStatusCode.OK, HttpMethod.Post, "/api/v1/templates/closed/en/preview", Admin,
                Json(new { source = "Subject: Try\n\n{{ ticket.subject }}" }));
            await CallAsync("reset template", HttpStatusCode.OK, HttpMethod.Delete, "/api/v1/templates/closed/en", Admin);
            await CallAsync("reset template, unknown", HttpStatusCode.NotFound, HttpMethod.Delete, "/api/v1/templates/nothing/en", Admin);

            await CallAsync("list emails", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/notifications/emails?ticketId={ticketId}&limit=5", Admin);
            await CallAsync("list emails, bad status", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/notifications/emails?status=lost", Admin, invalidRequest: true);
            await CallAsync("retry email, unknown", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/notifications/emails/{Guid.NewGuid()}/retry", Admin);
            var sent = await Eventually.ValueAsync(async () =>
            {
                var page = (await SendDirectAsync(HttpMethod.Get, $"/api/v1/notifications/emails?status=sent&ticketId={ticketId}", Admin)).Body;
                return page["items"]!.AsArray().FirstOrDefault();
            });
            await CallAsync("retry email, already sent", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/notifications/emails/{sent!["id"]!.GetValue<string>()}/retry", Admin);
        }

        /// <summary>Email intake (IN-5, IN-7): mailboxes, the mailgate, received emails waiting for a person, unknown senders.</summary>
        private async Task EmailIntakeAsync(string organizationId, string agent)
        {
            var mailgate = (await CallAsync("create mailgate key", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/api-keys", Admin,
                Json(new { name = "Mail server", role = "mailgate" })))["key"]!.GetValue<string>();

            // Mailboxes: a server nobody listens on, disabled so that no host tries it.
            var mailbox = await CallAsync("create mailbox", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/mailboxes", Admin,
                Json(new { name = "Tour inbox", enabled = false, imap = new { host = "127.0.0.1", port = 1, userName = "tour", password = "secret", useTls = false } }));
            var mailboxId = mailbox["id"]!.GetValue<string>();
            await CallAsync("create mailbox, invalid", HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/mailboxes", Admin,
                Json(new { name = "", imap = new { host = "", port = 0 } }), invalidRequest: true);
            await CallAsync("create mailbox, unknown queue", HttpStatusCode.UnprocessableEntity, HttpMethod.Post, "/api/v1/mailboxes", Admin,
                Json(new { name = "Lost", queue = "no-such-queue", imap = new { host = "127.0.0.1", userName = "me", password = "x" } }));
            await CallAsync("create mailbox, as an agent", HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/mailboxes", agent,
                Json(new { name = "Mine", imap = new { host = "127.0.0.1", userName = "me", password = "x" } }));
            await CallAsync("list mailboxes", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/mailboxes", Admin);
            await CallAsync("get mailbox", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/mailboxes/{mailboxId}", Admin);
            await CallAsync("get mailbox, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/mailboxes/{Guid.NewGuid()}", Admin);
            await CallAsync("patch mailbox", HttpStatusCode.OK, HttpMethod.Patch, $"/api/v1/mailboxes/{mailboxId}", Admin,
                Json(new { name = "Tour inbox (old)", queue = "training", imap = new { password = "another" } }));
            await CallAsync("patch mailbox, unknown queue", HttpStatusCode.UnprocessableEntity, HttpMethod.Patch, $"/api/v1/mailboxes/{mailboxId}", Admin,
                Json(new { queue = "no-such-queue" }));
            await CallAsync("patch mailbox, unknown", HttpStatusCode.NotFound, HttpMethod.Patch, $"/api/v1/mailboxes/{Guid.NewGuid()}", Admin,
                Json(new { enabled = false }));
            await CallAsync("delete mailbox", HttpStatusCode.NoContent, HttpMethod.Delete, $"/api/v1/mailboxes/{mailboxId}", Admin);
            await CallAsync("delete mailbox, unknown", HttpStatusCode.NotFound, HttpMethod.Delete, $"/api/v1/mailboxes/{mailboxId}", Admin);

            // The mailgate: an unknown sender's message, the same again, a stranger's reply, a message with no sender.
            var message = "From: Someone <someone@elsewhere.example>\r\nTo: support@support.localhost\r\nSubject: Hello\r\nMessage-ID: <tour-1@elsewhere.example>\r\n\r\nWho do I talk to?\r\n";
            var received = await CallAsync("receive email", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/inbound/email", mailgate, Rfc822(message));
            await CallAsync("receive email, again", HttpStatusCode.OK, HttpMethod.Post, "/api/v1/inbound/email", mailgate, Rfc822(message));
            await CallAsync("receive email, not a message", HttpStatusCode.UnsupportedMediaType, HttpMethod.Post, "/api/v1/inbound/email", mailgate,
                Json(new { raw = "x" }), invalidRequest: true);
            await CallAsync("receive email, empty", HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/inbound/email", mailgate, Rfc822(""), invalidRequest: true);
            await CallAsync("receive email, as an agent", HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/inbound/email", agent, Rfc822(message));
            var ticketId = received["ticketId"]!.GetValue<string>();
            var number = (await SendDirectAsync(HttpMethod.Get, $"/api/v1/tickets/{ticketId}", agent)).Body["number"]!.GetValue<string>();
            var held = await CallAsync("receive email, a stranger's reply", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/inbound/email", mailgate,
                Rfc822($"From: stranger@other.example\r\nTo: support@support.localhost\r\nSubject: Re: [{number}] Hello\r\nMessage-ID: <tour-2@other.example>\r\n\r\nMe too.\r\n"));
            var quarantined = await CallAsync("receive email, no sender", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/inbound/email", mailgate,
                Rfc822("To: support@support.localhost\r\nSubject: orphan\r\nMessage-ID: <tour-3@nowhere.example>\r\n\r\nNobody.\r\n"));

            await CallAsync("list received emails", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/inbound/emails?status=held&limit=10", agent);
            await CallAsync("list received emails, bad status", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/inbound/emails?status=lost", agent, invalidRequest: true);
            await CallAsync("get received email", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/inbound/emails/{received["id"]}", agent);
            await CallAsync("get received email, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/inbound/emails/{Guid.NewGuid()}", agent);
            await CallAsync("get received email, raw", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/inbound/emails/{received["id"]}/raw", agent);
            await CallAsync("get received email, raw, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/inbound/emails/{Guid.NewGuid()}/raw", agent);
            await CallAsync("accept held reply", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/inbound/emails/{held["id"]}/accept", agent);
            await CallAsync("accept held reply, again", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/inbound/emails/{held["id"]}/accept", agent);
            await CallAsync("accept held reply, unknown", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/inbound/emails/{Guid.NewGuid()}/accept", agent);
            await CallAsync("retry quarantined email", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/inbound/emails/{quarantined["id"]}/retry", Admin);
            await CallAsync("retry email, not quarantined", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/inbound/emails/{received["id"]}/retry", Admin);
            await CallAsync("retry email, unknown", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/inbound/emails/{Guid.NewGuid()}/retry", Admin);
            await CallAsync("retry email, as an agent", HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/inbound/emails/{quarantined["id"]}/retry", agent);

            // The unknown sender's ticket, attached to its organisation.
            await CallAsync("attach ticket to organisation, invalid", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/organization", agent,
                Json(new { }), invalidRequest: true);
            await CallAsync("attach ticket to organisation, unknown organisation", HttpStatusCode.UnprocessableEntity, HttpMethod.Post,
                $"/api/v1/tickets/{ticketId}/organization", agent, Json(new { organizationId = Guid.NewGuid() }));
            await CallAsync("attach ticket to organisation, stale", HttpStatusCode.PreconditionFailed, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/organization", agent,
                Json(new { organizationId }), headers: new() { ["If-Match"] = "\"999\"" });
            await CallAsync("attach ticket to organisation", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/organization", agent,
                Json(new { organizationId, addRequesterAsContact = true }));
            await CallAsync("attach ticket to organisation, again", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/tickets/{ticketId}/organization", agent,
                Json(new { organizationId }));
            await CallAsync("attach ticket to organisation, unknown ticket", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/tickets/{Guid.NewGuid()}/organization", agent,
                Json(new { organizationId }));
        }

        private static ByteArrayContent Rfc822(string message)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(message));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("message/rfc822");
            return content;
        }

        /// <summary>Webhooks (NO-6): registration, changes, secret rotation, the delivery log and replay.</summary>
        private async Task WebhooksAsync(string organizationId, string partner, string agent)
        {
            // The host's own liveness probe answers a POST with 405: every delivery fails, then goes dead.
            var target = $"http://127.0.0.1:{upstreamPort}/health/live";
            var webhook = await CallAsync("create webhook", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/webhooks", partner,
                Json(new { url = target, events = new[] { "ticket_submitted" } }));
            var webhookId = webhook["id"]!.GetValue<string>();
            var adminWebhook = await CallAsync("create webhook, with a secret", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/webhooks", Admin,
                Json(new { url = target, events = new[] { "*" }, secret = "tour-secret-0123456789" }));
            var adminWebhookId = adminWebhook["id"]!.GetValue<string>();
            await CallAsync("create webhook, not http", HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/webhooks", partner,
                Json(new { url = "ftp://partner.example/hooks", events = new[] { "*" } }));
            await CallAsync("create webhook, unknown event", HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/webhooks", partner,
                Json(new { url = target, events = new[] { "ticket_exploded" } }));
            await CallAsync("create webhook, as an agent", HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/webhooks", agent,
                Json(new { url = target, events = new[] { "*" } }));
            await CallAsync("list webhooks", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/webhooks?limit=10", Admin);
            await CallAsync("list webhooks, bad cursor", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/webhooks?cursor=%21%21", partner, invalidRequest: true);
            await CallAsync("get webhook", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/webhooks/{webhookId}", partner);
            await CallAsync("get webhook, an administrator's as a partner", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/webhooks/{adminWebhookId}", partner);
            await CallAsync("patch webhook", HttpStatusCode.OK, HttpMethod.Patch, $"/api/v1/webhooks/{webhookId}", partner,
                Json(new { events = new[] { "ticket_submitted", "ticket_closed" } }));
            await CallAsync("patch webhook, nothing", HttpStatusCode.BadRequest, HttpMethod.Patch, $"/api/v1/webhooks/{webhookId}", partner, Json(new { }));
            await CallAsync("patch webhook, unknown", HttpStatusCode.NotFound, HttpMethod.Patch, $"/api/v1/webhooks/{Guid.NewGuid()}", partner,
                Json(new { active = false }));
            await CallAsync("rotate webhook secret", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/webhooks/{webhookId}/secret", partner, Json(new { }));
            await CallAsync("rotate webhook secret, too short", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/webhooks/{webhookId}/secret", partner,
                Json(new { secret = "short" }));
            await CallAsync("rotate webhook secret, unknown", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/webhooks/{Guid.NewGuid()}/secret", partner, Json(new { }));

            // A ticket for the webhooks to hear of (a setup step), then its delivery's log once it is dead.
            await SendDirectAsync(HttpMethod.Post, "/api/v1/tickets", partner, Json(new
            {
                organizationId,
                requester = new { email = "jane@acme.example", name = "Jane Doe" },
                subject = "Heard by webhooks",
                description = "A ticket for the webhooks.",
                category = "usage",
                priority = "normal",
                channel = "api",
            }));
            var deliveryId = await DeadDeliveryAsync(webhookId, partner);
            await CallAsync("list webhook deliveries", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/webhooks/{webhookId}/deliveries?status=dead&limit=10", partner);
            await CallAsync("list webhook deliveries, bad status", HttpStatusCode.BadRequest, HttpMethod.Get, $"/api/v1/webhooks/{webhookId}/deliveries?status=lost", partner,
                invalidRequest: true);
            await CallAsync("list webhook deliveries, unknown webhook", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/webhooks/{Guid.NewGuid()}/deliveries", partner);
            await CallAsync("get webhook delivery", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}", partner);
            await CallAsync("get webhook delivery, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/webhooks/{webhookId}/deliveries/{Guid.NewGuid()}", partner);
            await CallAsync("replay webhook delivery", HttpStatusCode.Accepted, HttpMethod.Post, $"/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay", partner);
            await CallAsync("replay webhook delivery, still pending", HttpStatusCode.Conflict, HttpMethod.Post,
                $"/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay", partner);
            await CallAsync("replay webhook delivery, unknown", HttpStatusCode.NotFound, HttpMethod.Post,
                $"/api/v1/webhooks/{webhookId}/deliveries/{Guid.NewGuid()}/replay", partner);
            await CallAsync("delete webhook", HttpStatusCode.NoContent, HttpMethod.Delete, $"/api/v1/webhooks/{webhookId}", partner);
            await CallAsync("delete webhook, again", HttpStatusCode.NotFound, HttpMethod.Delete, $"/api/v1/webhooks/{webhookId}", partner);
            await CallAsync("delete webhook, an administrator's", HttpStatusCode.NoContent, HttpMethod.Delete, $"/api/v1/webhooks/{adminWebhookId}", Admin);
        }

        /// <summary>Waits, outside the tour, until the webhook's first delivery has given up.</summary>
        private async Task<string> DeadDeliveryAsync(string webhookId, string key)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var (_, page) = await SendDirectAsync(HttpMethod.Get, $"/api/v1/webhooks/{webhookId}/deliveries?status=dead", key);
                if (page["items"]?.AsArray() is [{ } dead, ..])
                {
                    return dead["id"]!.GetValue<string>();
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"No delivery of webhook {webhookId} went dead in 30 seconds.");
                }

                await Task.Delay(200);
            }
        }

        /// <summary>A bug through development and feature requests through the product team (ES-1..ES-7).</summary>
        private async Task EscalationAsync(string organizationId, string featureTicketId, string partner, string agent, string developer)
        {
            var product = (await CallAsync("create product key", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/api-keys", Admin,
                Json(new { name = "Product", role = "product" })))["key"]!.GetValue<string>();
            var bug = new
            {
                organizationId,
                requester = new { email = "jane@acme.example", name = "Jane Doe" },
                subject = "Export crashes",
                description = "The export of the monthly report shows an error.",
                category = "bug",
                priority = "high",
                channel = "api",
                reproductionScenario = "Open the monthly report, click Export: an error instead of a PDF.",
            };
            var feature = new { organizationId, bug.requester, subject = "Export to CSV", bug.description, category = "feature", bug.priority, bug.channel };
            var firstBug = (await CallAsync("submit bug", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tickets", partner, Json(bug)))["id"]!.GetValue<string>();
            var secondBug = (await CallAsync("submit another bug", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tickets", partner, Json(bug)))["id"]!.GetValue<string>();

            // Bugs: reproduce, escalate, fix, confirm.
            await CallAsync("reproduction", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{firstBug}/reproduction", agent,
                Json(new { reproduced = true, notes = "Seen on 4.2 with the customer's data." }));
            await CallAsync("reproduction, no answer", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/tickets/{secondBug}/reproduction", agent,
                Json(new { notes = "?" }), invalidRequest: true);
            await CallAsync("reproduction, as a developer", HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/tickets/{secondBug}/reproduction", developer,
                Json(new { reproduced = true }));
            await CallAsync("reproduction, unknown ticket", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/tickets/{Guid.NewGuid()}/reproduction", agent,
                Json(new { reproduced = true }));
            await CallAsync("escalation, not reproduced yet", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/tickets/{secondBug}/escalation", agent, Json(new { }));
            await CallAsync("escalation, a feature request", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/tickets/{featureTicketId}/escalation", agent, Json(new { }));
            var issue = await CallAsync("escalation", HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/tickets/{firstBug}/escalation", agent,
                Json(new { title = "Export fails on long reports" }));
            var issueId = issue["id"]!.GetValue<string>();
            await CallAsync("reproduction of the second bug", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{secondBug}/reproduction", agent,
                Json(new { reproduced = true }));
            await CallAsync("escalation, unknown issue", HttpStatusCode.UnprocessableEntity, HttpMethod.Post, $"/api/v1/tickets/{secondBug}/escalation", agent,
                Json(new { developmentIssueId = Guid.NewGuid() }));
            await CallAsync("escalation, to an existing issue", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{secondBug}/escalation", agent,
                Json(new { developmentIssueId = issueId }));
            await CallAsync("list development issues", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/development/issues?status=open&limit=10", developer);
            await CallAsync("list development issues, bad status", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/development/issues?status=sleeping", developer,
                invalidRequest: true);
            await CallAsync("get development issue", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/development/issues/{issueId}", agent);
            await CallAsync("get development issue, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/development/issues/{Guid.NewGuid()}", developer);
            await CallAsync("get development issue, as a partner", HttpStatusCode.Forbidden, HttpMethod.Get, $"/api/v1/development/issues/{issueId}", partner);
            await CallAsync("fix deployed, no version", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/development/issues/{issueId}/fix-deployed", developer,
                Json(new { }), invalidRequest: true);
            await CallAsync("fix deployed", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/development/issues/{issueId}/fix-deployed", developer,
                Json(new { version = "4.3.0" }));
            await CallAsync("fix deployed, again", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/development/issues/{issueId}/fix-deployed", developer,
                Json(new { version = "4.3.1" }));
            await CallAsync("fix deployed, unknown issue", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/development/issues/{Guid.NewGuid()}/fix-deployed", developer,
                Json(new { version = "1.0" }));
            await CallAsync("fix confirmation", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{firstBug}/fix-confirmation", partner,
                Json(new { @fixed = true, comment = "Works now." }));
            await CallAsync("fix confirmation, nothing to confirm", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/tickets/{firstBug}/fix-confirmation", partner,
                Json(new { @fixed = true }));
            await CallAsync("fix confirmation, not fixed without a comment", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/tickets/{secondBug}/fix-confirmation", agent,
                Json(new { @fixed = false }));

            // Feature requests: forward, join, merge, assess, rank, decide.
            var firstFeature = (await CallAsync("submit feature request", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tickets", partner, Json(feature)))["id"]!.GetValue<string>();
            var secondFeature = (await CallAsync("submit another feature request", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tickets", partner, Json(feature)))["id"]!.GetValue<string>();
            var thirdFeature = (await CallAsync("submit a third feature request", HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tickets", partner, Json(feature)))["id"]!.GetValue<string>();
            var suggestion = await CallAsync("forward to product", HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/tickets/{firstFeature}/product-suggestion", agent,
                Json(new { title = "CSV export" }));
            var suggestionId = suggestion["id"]!.GetValue<string>();
            var other = await CallAsync("forward to product, another suggestion", HttpStatusCode.Created, HttpMethod.Post,
                $"/api/v1/tickets/{secondFeature}/product-suggestion", agent, Json(new { }));
            await CallAsync("forward to product, a bug", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/tickets/{secondBug}/product-suggestion", agent, Json(new { }));
            await CallAsync("forward to product, unknown suggestion", HttpStatusCode.UnprocessableEntity, HttpMethod.Post, $"/api/v1/tickets/{thirdFeature}/product-suggestion", agent,
                Json(new { suggestionId = Guid.NewGuid() }));
            await CallAsync("forward to product, join a suggestion", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/tickets/{thirdFeature}/product-suggestion", agent,
                Json(new { suggestionId }));
            await CallAsync("list suggestions", HttpStatusCode.OK, HttpMethod.Get, "/api/v1/product/suggestions?limit=10", agent);
            await CallAsync("list suggestions, bad status", HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/product/suggestions?status=maybe", product, invalidRequest: true);
            await CallAsync("get suggestion", HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/product/suggestions/{suggestionId}", product);
            await CallAsync("get suggestion, unknown", HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/product/suggestions/{Guid.NewGuid()}", product);
            await CallAsync("assess suggestion", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/product/suggestions/{suggestionId}/assessment", product,
                Json(new { effortDays = 10, workaround = "Export to Excel, then save as CSV.", scoreOverride = (decimal?)null }));
            await CallAsync("assess suggestion, negative effort", HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/product/suggestions/{suggestionId}/assessment", product,
                Json(new { effortDays = -1 }), invalidRequest: true);
            await CallAsync("merge suggestions", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/product/suggestions/{other["id"]!.GetValue<string>()}/merge", product,
                Json(new { into = suggestionId }));
            await CallAsync("merge suggestions, already merged", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/product/suggestions/{other["id"]!.GetValue<string>()}/merge", product,
                Json(new { into = suggestionId }));
            await CallAsync("merge suggestions, unknown target", HttpStatusCode.UnprocessableEntity, HttpMethod.Post, $"/api/v1/product/suggestions/{suggestionId}/merge", product,
                Json(new { into = Guid.NewGuid() }));
            await CallAsync("decide, as an agent", HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/product/suggestions/{suggestionId}/decision", agent,
                Json(new { decision = "planned", message = "Planned." }));
            await CallAsync("decide", HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/product/suggestions/{suggestionId}/decision", product,
                Json(new { decision = "declined", message = "Not planned: the Excel export covers it." }));
            await CallAsync("decide, again", HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/product/suggestions/{suggestionId}/decision", product,
                Json(new { decision = "shipped", message = "Shipped after all." }));
            await CallAsync("decide, unknown suggestion", HttpStatusCode.NotFound, HttpMethod.Post, $"/api/v1/product/suggestions/{Guid.NewGuid()}/decision", product,
                Json(new { decision = "planned", message = "Planned." }));
        }

        public async Task<JsonNode> CallAsync(
            string step, HttpStatusCode expected, HttpMethod method, string path, string? key, HttpContent? content = null,
            bool invalidRequest = false, Dictionary<string, string>? headers = null, Func<Task>? before = null, string? tolerated = null)
        {
            if (before is not null)
            {
                await before();
            }

            using var client = Client(prism.Port, key);
            using var request = new HttpRequestMessage(method, path) { Content = content };
            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            client.Timeout = TimeSpan.FromSeconds(30);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (Exception e) when (e is TaskCanceledException or HttpRequestException)
            {
                _calls.Add(new Call(step, method.Method, path, expected, 0, [$"no answer through prism: {e.Message}"]));
                return new JsonObject();
            }

            using var _ = response;
            var text = await response.Content.ReadAsStringAsync();
            _calls.Add(new Call(step, method.Method, path, expected, response.StatusCode, Violations(response, invalidRequest).Where(v => tolerated is null || !v.EndsWith(tolerated, StringComparison.Ordinal)).ToList()));
            var json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0
                ? JsonNode.Parse(text)!
                : new JsonObject();
            if (response.StatusCode != expected)
            {
                await TestContext.Out.WriteLineAsync($"{step}: {(int)response.StatusCode} {text}");
            }

            return json;
        }

        /// <summary>The head of a stream that never ends: read through prism with a short timeout.</summary>
        private async Task StreamHeadAsync(string step, string path, string key)
        {
            using var client = Client(prism.Port, key);
            client.Timeout = TimeSpan.FromSeconds(10);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var violations = Violations(response, invalidRequest: false).ToList();
                if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
                {
                    violations.Add($"Content-Type is {response.Content.Headers.ContentType}, not text/event-stream");
                }

                _calls.Add(new Call(step, "GET", path, HttpStatusCode.OK, response.StatusCode, violations));
            }
            catch (TaskCanceledException)
            {
                // Prism buffers an answer before validating it, so an endless stream never comes back through it:
                // the stream's 200 head is checked against the host directly.
                using var direct = Client(upstreamPort, key);
                direct.Timeout = TimeSpan.FromSeconds(10);
                using var again = new HttpRequestMessage(HttpMethod.Get, path);
                using var response = await direct.SendAsync(again, HttpCompletionOption.ResponseHeadersRead);
                var violations = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
                    ? new List<string>()
                    : [$"Content-Type is {response.Content.Headers.ContentType}, not text/event-stream"];
                _calls.Add(new Call(step + " (direct: prism cannot proxy an endless stream)", "GET", path, HttpStatusCode.OK, response.StatusCode, violations));
            }
        }

        /// <summary>A call straight to the host, outside the tour (a setup step).</summary>
        private async Task<(HttpStatusCode Status, JsonNode Body)> SendDirectAsync(
            HttpMethod method, string path, string key, HttpContent? content = null, Dictionary<string, string>? headers = null)
        {
            using var client = Client(upstreamPort, key);
            using var request = new HttpRequestMessage(method, path) { Content = content };
            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
        }

        private static HttpClient Client(int port, string? key)
        {
            var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            if (key is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            return client;
        }

        /// <summary>What prism found wrong; a request made invalid on purpose may break the request's side only.</summary>
        private static IEnumerable<string> Violations(HttpResponseMessage response, bool invalidRequest)
        {
            if (!response.Headers.TryGetValues("sl-violations", out var values))
            {
                yield break;
            }

            foreach (var value in values)
            {
                var parsed = JsonNode.Parse(value) as JsonArray ?? [JsonNode.Parse(value)];
                foreach (var violation in parsed)
                {
                    var location = string.Join('.', (violation?["location"] as JsonArray ?? []).Select(l => l?.ToString()));
                    if (invalidRequest && location.StartsWith("request", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    yield return $"[{violation?["severity"]}] {location}: {violation?["message"]}";
                }
            }
        }

        /// <summary>
        /// A multipart form as curl sends it: <c>filename="…"</c>. (Prism's multipart parser dies on the
        /// RFC 5987 <c>filename*=utf-8''…</c> form .NET's own <see cref="Multipart"/> helper sends.)
        /// </summary>
        private static MultipartFormDataContent Form(IEnumerable<TestFile> files, IReadOnlyDictionary<string, string>? fields = null)
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, value) in fields ?? new Dictionary<string, string>())
            {
                var field = new StringContent(value, Encoding.UTF8);
                field.Headers.ContentType = name == "ticket" ? new MediaTypeHeaderValue("application/json") : null;
                field.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{name}\"" };
                form.Add(field);
            }

            foreach (var file in files)
            {
                var content = new ByteArrayContent(file.Content);
                if (file.ContentType is not null)
                {
                    content.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
                }

                content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{file.Part}\"", FileName = $"\"{file.FileName}\"" };
                form.Add(content);
            }

            return form;
        }

        private static JsonContent Json(object body) => JsonContent.Create(body, options: Api.Json);
    }
}
