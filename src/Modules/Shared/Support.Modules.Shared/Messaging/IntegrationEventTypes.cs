using System.Reflection;
using Support.Modules.Shared.Events;

namespace Support.Modules.Shared.Messaging;

/// <summary>Maps the stored name of an integration event back to its CLR type.</summary>
public sealed class IntegrationEventTypes
{
    private volatile Dictionary<string, Type> _byName;

    public IntegrationEventTypes(IEnumerable<Assembly> assemblies) => _byName = Scan(assemblies);

    public static string NameOf(Type type) => type.FullName ?? type.Name;

    /// <summary>Finds the type; on a miss, looks again through every loaded assembly (late-loaded ones included).</summary>
    public Type? Find(string name)
    {
        if (_byName.TryGetValue(name, out var type))
        {
            return type;
        }

        _byName = Scan(AppDomain.CurrentDomain.GetAssemblies().Concat(_byName.Values.Select(t => t.Assembly)));
        return _byName.GetValueOrDefault(name);
    }

    private static Dictionary<string, Type> Scan(IEnumerable<Assembly> assemblies) => assemblies
        .Where(a => !a.IsDynamic)
        .Distinct()
        .SelectMany(LoadableTypes)
        .Where(t => t is { IsAbstract: false } && t.IsAssignableTo(typeof(IntegrationEvent)))
        .DistinctBy(NameOf)
        .ToDictionary(NameOf);

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            return exception.Types.OfType<Type>();
        }
    }
}
