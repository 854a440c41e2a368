using System.Diagnostics;
using AdaShare.Data.Scenes;

namespace AdaShare.Bench;

/// <summary>
/// `scenes [--count N] [--height H] [--width W] [--no-shadows]`: generation rate of the procedural scenes dataset
/// (full samples: render + edges + keypoints), single-threaded and with Parallel.For across images.
/// </summary>
public static class SceneGenerationBench
{
    public static int Run(string[] args)
    {
        int count = 2000, height = 64, width = 80;
        bool shadows = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--count": count = int.Parse(args[++i]); break;
                case "--height": height = int.Parse(args[++i]); break;
                case "--width": width = int.Parse(args[++i]); break;
                case "--no-shadows": shadows = false; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var ds = new ScenesDataset(new ScenesOptions { Height = height, Width = width, TrainSize = count, Shadows = shadows }, "train");
        Console.WriteLine($"scenes generation: {height}x{width}, {count} images, shadows {(shadows ? "on" : "off")}, {Environment.ProcessorCount} cores");

        for (int i = 0; i < Math.Min(100, count); i++) ds.Get(i); // warm-up (JIT, tiered PGO)
        Parallel.For(0, Math.Min(200, count), i => ds.Get(i));

        int single = Math.Max(1, count / 2);
        var sw = Stopwatch.StartNew();
        double checksum = 0;
        for (int i = 0; i < single; i++) checksum += ds.Get(i).Image[0];
        double tSingle = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"  single thread : {single / tSingle,8:F0} images/s  ({single} images in {tSingle:F2} s)");

        for (int rep = 0; rep < 2; rep++)
        {
            sw.Restart();
            Parallel.For(0, count, i => ds.Get(i));
            double tPar = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"  Parallel.For  : {count / tPar,8:F0} images/s  ({count} images in {tPar:F2} s)");
        }
        Console.WriteLine($"  (checksum {checksum:F3})");
        return 0;
    }
}
