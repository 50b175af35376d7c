using System.Reflection;
using Carter;
using NetArchTest.Rules;
using NUnit.Framework;
using Support.Modules.Escalation;
using Support.Modules.Intake;
using Support.Modules.Notifications;
using Support.Modules.Shared.Events;
using Support.Modules.Surveys;
using Support.Modules.Triage;

namespace Support.ArchitectureTests;

/// <summary>
/// The module boundaries of the design card: a module uses only Shared and other modules'
/// contracts, keeps everything internal but its registration class, and its Carter endpoints take
/// no constructor dependencies.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private const string Root = "Support.Modules";

    private static readonly Assembly[] ModuleAssemblies =
    [
        typeof(IntakeModule).Assembly,
        typeof(TriageModule).Assembly,
        typeof(EscalationModule).Assembly,
        typeof(NotificationsModule).Assembly,
        typeof(SurveysModule).Assembly,
    ];

    private static readonly string[] ModuleNames = ModuleAssemblies.Select(NameOf).ToArray();

    public static IEnumerable<TestCaseData> Modules() =>
        ModuleAssemblies.Select(assembly => new TestCaseData(assembly).SetArgDisplayNames(NameOf(assembly)));

    private static string NameOf(Assembly assembly) => assembly.GetName().Name![(Root.Length + 1)..];

    private static IEnumerable<Assembly> ContractAssemblies() =>
        ModuleAssemblies.SelectMany(a => a.GetReferencedAssemblies())
            .Where(n => n.Name!.EndsWith(".Contracts", StringComparison.Ordinal))
            .DistinctBy(n => n.Name)
            .Select(Assembly.Load);

    [TestCaseSource(nameof(Modules))]
    public void A_module_references_only_shared_and_other_modules_contracts(Assembly module)
    {
        var forbidden = module.GetReferencedAssemblies()
            .Select(n => n.Name!)
            .Where(name => name.StartsWith(Root + ".", StringComparison.Ordinal))
            .Where(name => name != $"{Root}.Shared" && !name.EndsWith(".Contracts", StringComparison.Ordinal))
            .ToList();

        Assert.That(forbidden, Is.Empty, $"{NameOf(module)} references other modules' internals: {string.Join(", ", forbidden)}");
    }

    [TestCaseSource(nameof(Modules))]
    public void A_module_uses_no_type_of_another_modules_internals(Assembly module)
    {
        var own = NameOf(module);
        var internals = ModuleNames.Where(name => name != own).Select(name => $"{Root}.{name}.").ToArray();

        // Namespaces of other modules' internals: their root namespace and every child except ".Contracts".
        var offenders = Types.InAssembly(module).GetTypes()
            .SelectMany(type => DependenciesOf(type).Select(dependency => (type, dependency)))
            .Where(pair => internals.Any(prefix => pair.dependency.StartsWith(prefix, StringComparison.Ordinal)
                && !pair.dependency.StartsWith(prefix + "Contracts", StringComparison.Ordinal)))
            .Select(pair => $"{pair.type.FullName} -> {pair.dependency}")
            .Distinct()
            .ToList();

        Assert.That(offenders, Is.Empty, string.Join(Environment.NewLine, offenders));
    }

    [TestCaseSource(nameof(Modules))]
    public void A_module_exposes_only_its_registration_class(Assembly module)
    {
        var exposed = module.GetExportedTypes()
            .Where(type => type.Name != $"{NameOf(module)}Module")
            .Select(type => type.FullName)
            .ToList();

        Assert.That(exposed, Is.Empty, $"Public types in {NameOf(module)} (make them internal): {string.Join(", ", exposed)}");
    }

    [Test]
    public void Contracts_depend_on_nothing_but_shared_and_no_storage()
    {
        var result = Types.InAssemblies(ContractAssemblies())
            .ShouldNot()
            .HaveDependencyOnAny("Marten", "Npgsql", "Microsoft.AspNetCore", "Carter", "Quartz")
            .GetResult();
        var references = ContractAssemblies()
            .SelectMany(contracts => contracts.GetReferencedAssemblies()
                .Where(n => n.Name!.StartsWith(Root + ".", StringComparison.Ordinal) && n.Name != $"{Root}.Shared"
                    && !n.Name.EndsWith(".Contracts", StringComparison.Ordinal))
                .Select(n => $"{contracts.GetName().Name} -> {n.Name}"))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
            Assert.That(references, Is.Empty, string.Join(", ", references));
        });
    }

    [Test]
    public void Integration_events_live_in_contracts()
    {
        var misplaced = ModuleAssemblies.SelectMany(a => a.GetTypes())
            .Where(type => type.IsAssignableTo(typeof(IntegrationEvent)))
            .Select(type => type.FullName)
            .ToList();

        Assert.That(misplaced, Is.Empty, $"Integration events belong in a .Contracts project: {string.Join(", ", misplaced)}");
    }

    [Test]
    public void Shared_references_no_module()
    {
        var references = typeof(IntegrationEvent).Assembly.GetReferencedAssemblies()
            .Where(n => n.Name!.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(n => n.Name)
            .ToList();

        Assert.That(references, Is.Empty);
    }

    [Test]
    public void Carter_endpoints_have_no_constructor_dependencies()
    {
        // Carter modules are singletons: dependencies go into the route delegate, per request.
        var offenders = ModuleAssemblies.Append(typeof(Program).Assembly)
            .SelectMany(a => a.GetTypes())
            .Where(type => type is { IsAbstract: false, IsInterface: false } && type.IsAssignableTo(typeof(ICarterModule)))
            .Where(type => type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .All(constructor => constructor.GetParameters().Length > 0))
            .Select(type => type.FullName)
            .ToList();

        Assert.That(offenders, Is.Empty, string.Join(", ", offenders));
    }

    private static IEnumerable<string> DependenciesOf(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = new List<Type?> { type.BaseType };
        types.AddRange(type.GetInterfaces());
        types.AddRange(type.GetFields(all).Select(f => f.FieldType));
        types.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            types.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                types.Add(info.ReturnType);
            }

            types.AddRange(method.GetMethodBody()?.LocalVariables.Select(v => v.LocalType) ?? []);
        }

        return types.OfType<Type>().SelectMany(Flatten).Select(t => t.Namespace ?? "").Where(ns => ns.Length > 0).Append("");
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Flatten(type.GetElementType()!))
            {
                yield return inner;
            }

            yield break;
        }

        yield return type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Flatten))
            {
                yield return argument;
            }
        }
    }
}
