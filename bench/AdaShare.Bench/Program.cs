// Benchmarks: `dotnet run -c Release --project bench/AdaShare.Bench -- <name>`; each prints its own numbers.
using AdaShare.Bench;

return BenchRunner.Run(args);
