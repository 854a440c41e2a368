// libtorch already uses every core for one test; running test classes in parallel would only oversubscribe the CPU
// (OpenMP threads spinning against each other), which made the suite several times slower on 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
