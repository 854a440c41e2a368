namespace AdaShare;

/// <summary>
/// A named set of extension points — methods, task kinds, dataset kinds: the built-ins, then whatever a user registers
/// from their own assembly, in order. Names are unique, so a built-in cannot be replaced by accident.
/// </summary>
public sealed class Registry<T>(string what, Func<T, string> nameOf, IEnumerable<T> builtIns) where T : class
{
    private readonly object gate = new();
    private readonly List<T> items = builtIns.ToList();

    public IReadOnlyList<T> All
    {
        get
        {
            lock (gate)
                return items.ToList();
        }
    }

    public IReadOnlyList<string> Names => All.Select(nameOf).ToList();

    public void Register(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (gate)
        {
            if (items.Any(i => nameOf(i) == nameOf(item)))
                throw new ArgumentException($"a {what} named '{nameOf(item)}' is already registered");
            items.Add(item);
        }
    }

    public T? Find(string name)
    {
        lock (gate)
            return items.FirstOrDefault(i => nameOf(i) == name);
    }
}
