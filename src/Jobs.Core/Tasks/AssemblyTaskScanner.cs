using System.Reflection;

namespace Jobs;

/// <summary>Finds the <see cref="JobTaskAttribute"/>-named <see cref="IJob{TArgs,TResult}"/> classes of an assembly.</summary>
internal static class AssemblyTaskScanner
{
    private static readonly MethodInfo AddTask = typeof(JobsOptions).GetMethods()
        .Single(m => m.Name == nameof(JobsOptions.AddTask) && m.GetGenericArguments().Length == 3);

    public static int Register(JobsOptions options, Assembly assembly)
    {
        var count = 0;
        foreach (var type in assembly.GetExportedTypes())
        {
            if (type.GetCustomAttribute<JobTaskAttribute>() is not { } attribute) continue;
            if (type.IsAbstract || type.IsGenericTypeDefinition)
                throw new InvalidOperationException($"{type.FullName} is marked [JobTask(\"{attribute.Name}\")] but is abstract or generic.");
            var job = type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IJob<,>)).ToList();
            if (job.Count != 1)
                throw new InvalidOperationException($"{type.FullName} is marked [JobTask(\"{attribute.Name}\")] but implements IJob<TArgs, TResult> {job.Count} times; it must implement it once.");
            var generic = job[0].GetGenericArguments();
            Action<TaskOptions>? configure = attribute.RateLimit is null && attribute.ConcurrencyLimit == 0 ? null : o =>
            {
                o.RateLimit = attribute.RateLimit;
                o.ConcurrencyLimit = attribute.ConcurrencyLimit == 0 ? null : attribute.ConcurrencyLimit;
            };
            try { AddTask.MakeGenericMethod(type, generic[0], generic[1]).Invoke(options, [attribute.Name, configure]); }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            }
            count++;
        }
        return count;
    }
}
