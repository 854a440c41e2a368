namespace AdaShare.Tests.Data.Fixtures;

/// <summary>
/// Writes a DomainNet tree as published: <c>{domain}/{class}/{domain}_{class}_{i}.{jpg|png}</c> images and
/// <c>{domain}_{train,test}.txt</c> lists of <c>path label</c> lines. "real" images are JPEG (sizes vary, as in the
/// real data), every other domain PNG. Image i of a domain is a flat colour whose red channel encodes i.
/// </summary>
public static class DomainNetFixture
{
    public static readonly string[] Classes = ["aircraft_carrier", "airplane", "alarm_clock"];

    public static (int R, int G, int B) Colour(int i) => (20 * i + 10, 128, 200);

    public static void Write(string root, IReadOnlyDictionary<string, (int Train, int Test)> domains)
    {
        foreach (var (domain, (train, test)) in domains)
        {
            var lines = new Dictionary<string, List<string>> { ["train"] = [], ["test"] = [] };
            for (int i = 0; i < train + test; i++)
            {
                int label = i % Classes.Length;
                string ext = domain == "real" ? "jpg" : "png";
                string rel = $"{domain}/{Classes[label]}/{domain}_{label:D3}_{i:D6}.{ext}";
                string path = Path.Combine(root, rel);
                var (r, g, b) = Colour(i);
                int h = 12 + 4 * (i % 3), w = 16 + 2 * (i % 2);
                if (ext == "jpg") JpegWriter.Write(path, h, w, (_, _) => (r, g, b));
                else PngWriter.Write(path, h, w, 3, 8, Enumerable.Range(0, h * w).SelectMany(_ => new[] { r, g, b }).ToArray());
                lines[i < train ? "train" : "test"].Add($"{rel} {label}");
            }
            foreach (var (split, l) in lines)
                File.WriteAllLines(Path.Combine(root, $"{domain}_{split}.txt"), l);
        }
    }
}
