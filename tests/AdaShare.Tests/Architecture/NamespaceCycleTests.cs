using System.Reflection;
using System.Reflection.Emit;

namespace AdaShare.Tests.Architecture;

/// <summary>
/// The core's namespaces form layers: Data knows no training, Training knows no method, Methods know no comparison.
/// The dependencies are read from the compiled assembly — every type's signatures and every method body's IL — so a
/// reference hidden in a lambda or a local counts too.
/// </summary>
public class NamespaceCycleTests
{
    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Graph = new(Build);


    [Theory]
    [InlineData("Data", "Training")]
    [InlineData("Data", "Methods")]
    [InlineData("Training", "Methods")]
    [InlineData("Training", "Comparison")]
    [InlineData("Training", "Reporting")]
    [InlineData("Methods", "Comparison")]
    [InlineData("Metrics", "Training")]
    [InlineData("Model", "Training")]
    [InlineData("Config", "Methods")]
    [InlineData("Config", "Data")]
    [InlineData("Data", "Model")]
    [InlineData("Distributed", "Training")]
    [InlineData("Distributed", "Model")]
    [InlineData("Interop", "Training")]
    [InlineData("Interop", "Inference")]
    [InlineData("Inference", "Comparison")]
    public void LowerLayerDoesNotReferenceHigherOne(string lower, string higher)
    {
        var uses = Graph.Value.GetValueOrDefault(lower) ?? new();
        Assert.False(uses.ContainsKey(higher), $"{lower} references {higher}: {uses.GetValueOrDefault(higher)}");
    }

    /// <summary>No namespace of the core reaches itself through the others: they form layers (Config, Data, Tasks, Model,
    /// …, Training, Methods, Experiments, Inference, Comparison), each using only those below it.</summary>
    [Fact]
    public void NoCycleAmongTheCoresNamespaces()
    {
        var graph = Graph.Value;
        var cycles = new List<string>();
        foreach (string a in graph.Keys)
            foreach (var (b, why) in graph[a])
                if (Reaches(graph, b, a, out var path))
                    cycles.Add($"{a} → {b} ({why}), back via {string.Join(" → ", path)}");
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void TheCycleCheckFindsACycle()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>
        {
            ["A"] = new() { ["B"] = "a uses b" }, ["B"] = new() { ["C"] = "b uses c" }, ["C"] = new() { ["A"] = "c uses a" },
        };
        Assert.True(Reaches(graph, "B", "A", out var path));
        Assert.Equal(["B", "C", "A"], path);
        graph["C"].Clear();
        Assert.False(Reaches(graph, "B", "A", out _));
    }

    [Fact]
    public void TheScanSeesReferencesInsideMethodBodies()
    {
        // Methods' phases call the Training loop only inside method bodies (e.g. SupervisedLoop.Run): the scan must see it.
        Assert.Contains("Training", Graph.Value["Methods"].Keys);
        Assert.Contains("Baselines", Graph.Value["Methods"].Keys);
    }

    private static bool Reaches(Dictionary<string, Dictionary<string, string>> graph, string from, string to, out List<string> path)
    {
        var previous = new Dictionary<string, string> { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            string n = queue.Dequeue();
            if (n == to)
            {
                path = new List<string> { to };
                while (path[0] != from)
                    path.Insert(0, previous[path[0]]);
                return true;
            }
            foreach (string next in graph.GetValueOrDefault(n)?.Keys ?? Enumerable.Empty<string>())
                if (previous.TryAdd(next, n))
                    queue.Enqueue(next);
        }
        path = new List<string>();
        return false;
    }

    /// <summary>Layer ("Training" for AdaShare.Training.Phases) → layer it references → one example, for the message.</summary>
    private static Dictionary<string, Dictionary<string, string>> Build()
    {
        var assembly = typeof(AdaShare.Training.TrainingContext).Assembly;
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in assembly.GetTypes())
        {
            string? from = Layer(type);
            if (from == null)
                continue;
            var uses = new HashSet<Type>();
            Signature(type, uses);
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                Body(method, uses);
            graph.TryAdd(from, new());
            foreach (var used in uses)
            {
                string? to = Layer(used);
                if (to != null && to != from)
                    graph[from].TryAdd(to, $"{type.FullName} uses {used.FullName}");
            }
        }
        return graph;
    }

    private static string? Layer(Type type)
    {
        string? ns = type.Namespace;
        if (ns == null || !ns.StartsWith("AdaShare.", StringComparison.Ordinal))
            return null;
        return ns.Split('.')[1];
    }

    private static void Signature(Type type, HashSet<Type> uses)
    {
        void Add(Type? t)
        {
            if (t == null)
                return;
            if (t.HasElementType)
                Add(t.GetElementType());
            else if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                uses.Add(t.GetGenericTypeDefinition());
                foreach (var a in t.GetGenericArguments())
                    Add(a);
            }
            else
                uses.Add(t);
        }
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
            Add(i);
        foreach (var f in type.GetFields(all))
            Add(f.FieldType);
        foreach (var p in type.GetProperties(all))
            Add(p.PropertyType);
        foreach (var m in type.GetMethods(all))
        {
            Add(m.ReturnType);
            foreach (var p in m.GetParameters())
                Add(p.ParameterType);
        }
        foreach (var c in type.GetConstructors(all))
            foreach (var p in c.GetParameters())
                Add(p.ParameterType);
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Every type, field and method token in the IL of <paramref name="method"/>, as the type it belongs to.</summary>
    private static void Body(MethodBase method, HashSet<Type> uses)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            return;
        }
        if (il == null)
            return;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op))
                return; // not an opcode we know: stop rather than misread
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, i);
                try
                {
                    var member = method.Module.ResolveMember(token, typeArgs, methodArgs);
                    if (member is Type t)
                        uses.Add(t.IsGenericType ? t.GetGenericTypeDefinition() : t);
                    else if (member?.DeclaringType is { } declaring)
                        uses.Add(declaring.IsGenericType ? declaring.GetGenericTypeDefinition() : declaring);
                }
                catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException)
                {
                }
            }
            i += size;
        }
    }
}
