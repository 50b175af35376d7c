using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Testing;

namespace Support.Host.Tests.Platform;

/// <summary>
/// The OpenAPI document is the contract partners generate clients from: it passes Spectral's
/// <c>spectral:oas</c> rules (ruleset <c>.spectral.yaml</c> at the repository root) without an error,
/// and declares the answers every operation can give.
/// </summary>
public sealed class OpenApiContractTests
{
    private const int SeverityError = 0;
    private const int SeverityWarning = 1;
    private SupportApiFactory _api = null!;

    [OneTimeSetUp]
    public void StartHost() => _api = new SupportApiFactory();

    [OneTimeTearDown]
    public async Task StopHost() => await _api.DisposeAsync();

    [Test]
    public async Task Given_the_openapi_document_Then_spectral_oas_finds_no_error_and_no_warning()
    {
        var root = Repository.Root;
        var spectral = Path.Combine(root, ".tools", "spectral", "node_modules", ".bin", "spectral");
        if (!File.Exists(spectral))
        {
            Assert.Fail($"Spectral is not installed at {spectral}: run build/test.sh (or 'source build/lib.sh && ensure_spectral') first.");
        }

        var document = await DocumentTextAsync();
        var directory = Directory.CreateTempSubdirectory("support-openapi-");
        try
        {
            var documentFile = Path.Combine(directory.FullName, "openapi.json");
            var resultsFile = Path.Combine(directory.FullName, "spectral.json");
            await File.WriteAllTextAsync(documentFile, document);

            var (exitCode, output) = await RunAsync(spectral,
                ["lint", documentFile, "--ruleset", Path.Combine(root, ".spectral.yaml"), "-f", "json", "-o", resultsFile]);
            Assert.That(exitCode, Is.EqualTo(0).Or.EqualTo(1), $"Spectral could not lint the document: {output}");

            var text = File.Exists(resultsFile) ? await File.ReadAllTextAsync(resultsFile) : "";
            var results = text.Trim().Length == 0 ? [] : JsonNode.Parse(text)!.AsArray().Select(r => r!).ToList();
            var errors = results.Where(r => r["severity"]!.GetValue<int>() == SeverityError).ToList();
            var warnings = results.Where(r => r["severity"]!.GetValue<int>() == SeverityWarning).ToList();
            foreach (var warning in warnings)
            {
                await TestContext.Out.WriteLineAsync($"spectral warning: {Describe(warning)}");
            }

            Assert.That(errors.Concat(warnings), Is.Empty,
                $"spectral:oas found {errors.Count} error(s) and {warnings.Count} warning(s) in /openapi/v1.json:{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors.Concat(warnings).Select(Describe)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Given_the_openapi_document_Then_every_operation_declares_its_problem_answers_and_its_security()
    {
        var document = JsonNode.Parse(await DocumentTextAsync())!;
        var missing = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                var responses = operation!["responses"]!.AsObject();
                var anonymous = operation["security"] is JsonArray { Count: 0 };
                if (path.StartsWith("/health/", StringComparison.Ordinal) && !anonymous)
                {
                    missing.Add($"{name}: an anonymous endpoint declares 'security: []'");
                }

                if (!anonymous)
                {
                    missing.AddRange(new[] { "401", "403" }.Where(code => !responses.ContainsKey(code))
                        .Select(code => $"{name}: an authenticated operation declares {code}"));
                }

                foreach (var (code, response) in responses.Where(r => r.Key.StartsWith('4')))
                {
                    if (response!["content"]?["application/problem+json"]?["schema"]?["$ref"] is null)
                    {
                        missing.Add($"{name}: {code} is an application/problem+json document with a ProblemDetails schema");
                    }
                }

                if (!responses.ContainsKey("500"))
                {
                    missing.Add($"{name}: any operation may answer 500 (a problem document with a trace id)");
                }
            }
        }

        Assert.That(missing, Is.Empty, string.Join(Environment.NewLine, missing));
    }

    [Test]
    public async Task Given_the_openapi_document_Then_every_post_declares_the_idempotency_key_and_every_limited_operation_429()
    {
        var document = JsonNode.Parse(await DocumentTextAsync())!;
        var missing = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                var responses = operation!["responses"]!.AsObject();
                if (method == "post" && path.StartsWith("/api/v1/", StringComparison.Ordinal))
                {
                    var header = operation["parameters"]?.AsArray()
                        .FirstOrDefault(p => p!["name"]?.GetValue<string>() == "Idempotency-Key" && p["in"]?.GetValue<string>() == "header");
                    if (header is null || header["required"]?.GetValue<bool>() == true || header["description"] is null)
                    {
                        missing.Add($"{name}: declares the optional Idempotency-Key header with a description");
                    }

                    missing.AddRange(new[] { "409", "422" }.Where(code => !responses.ContainsKey(code))
                        .Select(code => $"{name}: a POST declares {code} (Idempotency-Key in use or reused)"));
                }

                if (!path.StartsWith("/health/", StringComparison.Ordinal) && responses["429"]?["headers"]?["Retry-After"] is null)
                {
                    missing.Add($"{name}: declares 429 with a Retry-After header");
                }
            }
        }

        Assert.That(missing, Is.Empty, string.Join(Environment.NewLine, missing));
    }

    /// <summary>
    /// The modules' records are internal, so the generator does not read their XML comments itself:
    /// the Host fills schema and property descriptions from the modules' documentation files.
    /// </summary>
    [Test]
    public async Task Given_the_openapi_document_Then_schemas_and_properties_carry_the_modules_xml_documentation()
    {
        var schemas = JsonNode.Parse(await DocumentTextAsync())!["components"]!["schemas"]!;
        var ticket = schemas["TicketView"]!;

        Assert.Multiple(() =>
        {
            Assert.That(ticket["description"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, "TicketView: the record's summary");
            Assert.That(ticket["properties"]!["status"]!["description"]?.GetValue<string>(), Is.EqualTo("Where it is in its life (TR-3)."),
                "TicketView.status, an enum $ref: the record's <param>");
            Assert.That(ticket["properties"]!["subject"]!["description"]?.GetValue<string>(), Is.EqualTo("The one problem it is about."),
                "TicketView.subject: the record's <param>");
            Assert.That(ticket["properties"]!["resolution"]!["description"]?.GetValue<string>(), Does.StartWith("How it was resolved"),
                "TicketView.resolution, a nullable enum");
            Assert.That(schemas["TicketResolution"]!["description"]?.GetValue<string>(), Does.StartWith("How a ticket was resolved"),
                "an enum keeps its own summary, not the description of a property that uses it");
            Assert.That(schemas["OrganizationView"]!["properties"]!["name"]!["description"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty,
                "OrganizationView.name");
            Assert.That(schemas["SubmitTicket"]!["properties"]!["reproductionScenario"]!["description"]?.GetValue<string>(), Does.StartWith("Required for bugs"),
                "a request record's <param>");
        });
    }

    /// <summary>A nullable enum is <c>oneOf: [null, $ref]</c>: its component must not list null too, or no null ever validates.</summary>
    [Test]
    public async Task Given_the_openapi_document_Then_enum_components_list_string_values_only()
    {
        var schemas = JsonNode.Parse(await DocumentTextAsync())!["components"]!["schemas"]!.AsObject();
        var wrong = schemas.Where(s => s.Value!["enum"] is JsonArray values
                && (values.Any(v => v is null) || s.Value["type"]?.GetValue<string>() != "string"))
            .Select(s => s.Key).ToList();

        Assert.That(wrong, Is.Empty, "enum components with null among their values, or not typed string");
    }

    private async Task<string> DocumentTextAsync()
    {
        var response = await _api.ClientWithKey(null).GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return text;
    }

    private static string Describe(JsonNode result)
    {
        var path = string.Join('.', result["path"]!.AsArray().Select(p => p!.ToString()));
        return $"  [{result["code"]}] at '{path}': {result["message"]}";
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in 2 minutes.");
        }

        return (process.ExitCode, await output + await error);
    }
}
