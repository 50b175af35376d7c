using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Support.Host.Infrastructure;

/// <summary>
/// The XML documentation comments of the Host's and the modules' own types, read from the
/// <c>.xml</c> files the build writes next to their assemblies (GenerateDocumentationFile). The
/// OpenAPI generator only documents public types from them; the modules' records are internal, so
/// <see cref="DescribeAsync"/> fills the schemas' descriptions from here: a type's <c>summary</c>,
/// and for each property its <c>summary</c> or, for a record's positional property, the
/// <c>param</c> of the primary constructor. A description already set (by an attribute, a
/// transformer) wins.
/// </summary>
internal sealed partial class XmlDocumentation
{
    private const string AssemblyPrefix = "Support.";
    private readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, XElement>> _members = new();

    /// <summary>
    /// Descriptions of properties whose schema becomes a shared component (an enum, an object): the
    /// component must keep its type's description, so these go on the property's <c>$ref</c> (or its
    /// nullable <c>oneOf</c>) once the document is complete, by <see cref="DescribeReferences"/>.
    /// </summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _referenced = new(StringComparer.Ordinal);

    /// <summary>The schema transformer: describes the schema of one of our types and its properties.</summary>
    public Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is { } property)
        {
            // A component is generated where it is first used: it takes its type's summary, the use its own (later).
            schema.Description ??= BecomesComponent(context.JsonTypeInfo) ? Summary(Member(type, $"T:{XmlName(type)}")) : PropertyDescription(property);
            return Task.CompletedTask;
        }

        schema.Description ??= Summary(Member(type, $"T:{XmlName(type)}"));
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return Task.CompletedTask;
        }

        foreach (var jsonProperty in context.JsonTypeInfo.Properties)
        {
            if (PropertyDescription(jsonProperty) is not { } description)
            {
                continue;
            }

            if (BecomesComponent(context.JsonTypeInfo.Options.GetTypeInfo(jsonProperty.PropertyType)))
            {
                _referenced.GetOrAdd(type.Name, _ => new(StringComparer.Ordinal))[jsonProperty.Name] = description;
            }
            else if (schema.Properties is not null && schema.Properties.TryGetValue(jsonProperty.Name, out var value) && value is OpenApiSchema inline)
            {
                inline.Description ??= description;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The document transformer: describes the properties that refer to a component (see <see cref="_referenced"/>).</summary>
    public void DescribeReferences(OpenApiDocument document)
    {
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (component is not OpenApiSchema { Properties: { } properties } || !_referenced.TryGetValue(name, out var descriptions))
            {
                continue;
            }

            foreach (var (property, description) in descriptions)
            {
                properties.TryGetValue(property, out var value);
                switch (value)
                {
                    case OpenApiSchemaReference reference when string.IsNullOrEmpty(reference.Reference.Description):
                        reference.Description = description;
                        break;
                    case OpenApiSchema inline:
                        inline.Description ??= description;
                        break;
                }
            }
        }
    }

    /// <summary>Enums and objects of our own are shared components, referred to with <c>$ref</c>.</summary>
    private static bool BecomesComponent(JsonTypeInfo typeInfo)
    {
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        return type.IsEnum || (typeInfo.Kind == JsonTypeInfoKind.Object && type.Assembly.GetName().Name?.StartsWith(AssemblyPrefix, StringComparison.Ordinal) == true);
    }

    /// <summary>The documentation of one property: its own summary, or its record constructor's param.</summary>
    private string? PropertyDescription(JsonPropertyInfo property)
    {
        if (property.AttributeProvider is not MemberInfo { DeclaringType: { } declaring } member)
        {
            return null;
        }

        var kind = member is FieldInfo ? "F" : "P";
        return Summary(Member(declaring, $"{kind}:{XmlName(declaring)}.{member.Name}"))
            ?? Param(Member(declaring, $"T:{XmlName(declaring)}"), member.Name);
    }

    private XElement? Member(Type type, string id)
    {
        if (type.Assembly.GetName().Name?.StartsWith(AssemblyPrefix, StringComparison.Ordinal) != true)
        {
            return null;
        }

        return _members.GetOrAdd(type.Assembly, Load).GetValueOrDefault(id);
    }

    private static IReadOnlyDictionary<string, XElement> Load(Assembly assembly)
    {
        var file = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
        if (!File.Exists(file))
        {
            return new Dictionary<string, XElement>();
        }

        return XDocument.Load(file).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .GroupBy(m => m.Attribute("name")!.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary><c>Namespace.Outer.Inner</c>, as documentation ids name types; generic types are not documented here.</summary>
    private static string XmlName(Type type) => type.IsGenericType ? "" : (type.FullName ?? type.Name).Replace('+', '.');

    private static string? Summary(XElement? member) => Text(member?.Element("summary"));

    private static string? Param(XElement? member, string name) =>
        Text(member?.Elements("param").FirstOrDefault(p => string.Equals(p.Attribute("name")?.Value, name, StringComparison.Ordinal)));

    /// <summary>The element's text on one line: <c>c</c> as code spans, <c>see</c> as the name it points to.</summary>
    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText plain => plain.Value,
                XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
                XElement { Name.LocalName: "see" or "seealso" } see => see.Attribute("langword")?.Value
                    ?? see.Attribute("href")?.Value
                    ?? (see.Value.Length > 0 ? see.Value : ShortName(see.Attribute("cref")?.Value)),
                XElement { Name.LocalName: "paramref" or "typeparamref" } reference => reference.Attribute("name")?.Value,
                XElement other => other.Value,
                _ => "",
            });
        }

        var oneLine = Whitespace().Replace(text.ToString(), " ").Trim();
        return oneLine.Length == 0 ? null : oneLine;
    }

    /// <summary><c>T:Namespace.Type.Member(args)</c> → <c>Member</c>.</summary>
    private static string ShortName(string? cref)
    {
        var name = (cref ?? "").Split('(')[0];
        name = name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
