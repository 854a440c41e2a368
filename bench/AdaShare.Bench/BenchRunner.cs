namespace AdaShare.Bench;

/// <summary>Dispatches `bench <name>` to a registered benchmark.</summary>
public static class BenchRunner
{
    private static readonly Dictionary<string, (string Description, Func<string[], int> Run)> Benchmarks = new();

    public static void Register(string name, string description, Func<string[], int> run) => Benchmarks[name] = (description, run);

    public static int Run(string[] args)
    {
        BenchRegistry.RegisterAll();
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var bench))
        {
            Console.WriteLine("usage: AdaShare.Bench <benchmark> [options]\n\nbenchmarks:");
            foreach (var (name, b) in Benchmarks.OrderBy(kv => kv.Key))
                Console.WriteLine($"  {name,-20} {b.Description}");
            return args.Length == 0 ? 0 : 2;
        }
        return bench.Run(args[1..]);
    }
}
