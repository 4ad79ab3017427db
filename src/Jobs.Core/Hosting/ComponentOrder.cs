namespace Jobs.Hosting;

/// <summary>Orders components so that each starts after those it requires (registration order among the rest).</summary>
internal static class ComponentOrder
{
    public static IReadOnlyList<IJobsComponent> Sort(IReadOnlyList<IJobsComponent> components)
    {
        var byName = new Dictionary<string, IJobsComponent>(StringComparer.Ordinal);
        foreach (var c in components)
            if (!byName.TryAdd(c.Name, c))
                throw new InvalidOperationException($"Two Jobs components are named '{c.Name}'; component names must be unique.");
        foreach (var c in components)
            foreach (var r in c.Requires)
                if (!byName.ContainsKey(r))
                    throw new InvalidOperationException(
                        $"Jobs component '{c.Name}' requires '{r}', which this host does not have (it has: {string.Join(", ", byName.Keys)}).");

        var ordered = new List<IJobsComponent>(components.Count);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: visiting, true: done
        foreach (var c in components) Visit(c, []);
        return ordered;

        void Visit(IJobsComponent c, List<string> path)
        {
            if (state.TryGetValue(c.Name, out var done))
            {
                if (done) return;
                throw new InvalidOperationException($"Jobs components require each other in a cycle: {string.Join(" → ", path.SkipWhile(p => p != c.Name))} → {c.Name}.");
            }
            state[c.Name] = false;
            path.Add(c.Name);
            foreach (var r in c.Requires) Visit(byName[r], path);
            path.RemoveAt(path.Count - 1);
            state[c.Name] = true;
            ordered.Add(c);
        }
    }
}
