using System.Reflection;
using System.Runtime.Loader;

namespace Jobs.Cli.Tasks;

/// <summary>
/// Loads task assemblies given with <c>-A</c> (like <c>celery -A</c>) and registers their <c>[JobTask]</c> classes.
/// An assembly's own dependencies are resolved from its folder (its .deps.json); Jobs itself is shared with the console.
/// </summary>
internal static class TaskAssemblies
{
    public static void Register(JobsOptions options, IEnumerable<string> paths)
    {
        foreach (var path in paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            var assembly = Load(path);
            try
            {
                options.AddTasksFrom(assembly);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or TargetInvocationException)
            {
                var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
                throw CliException.Usage($"cannot register the tasks of {path}: {inner.Message}");
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or TypeLoadException or ReflectionTypeLoadException)
            {
                throw CliException.Usage($"cannot read the tasks of {path}: {ex.Message}");
            }
        }
    }

    private static Assembly Load(string path)
    {
        if (!File.Exists(path)) throw CliException.Usage($"-A: no assembly at {path}");
        var resolver = new AssemblyDependencyResolver(path);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is { } p ? context.LoadFromAssemblyPath(p) : null;
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException)
        {
            throw CliException.Usage($"-A: {path} is not a .NET assembly");
        }
        catch (FileLoadException ex)
        {
            throw CliException.Usage($"-A: cannot load {path}: {ex.Message}");
        }
    }
}
