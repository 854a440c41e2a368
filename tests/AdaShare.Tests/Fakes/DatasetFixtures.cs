using System.Text.Json;

namespace AdaShare.Tests.Fakes;

/// <summary>
/// Small datasets in the published layouts, written as real files: pixel (y, x) of sample i has known values, so tests
/// can check decoding, ignore handling and alignment. Label at (y, x) = (x / 4 + y / 4 + i) % classes (4×4 blocks).
/// </summary>
public static class DatasetFixtures
{
    public static int Label(int i, int y, int x, int classes) => (x / 4 + y / 4 + i) % classes;

    /// <summary>Image red = label·6 (so the image shows the segmentation), green = x·4, blue = y·4.</summary>
    public static byte[] Rgb(int i, int h, int w, int classes)
    {
        var rgb = new byte[h * w * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int p = 3 * (y * w + x);
                rgb[p] = (byte)(Label(i, y, x, classes) * 6);
                rgb[p + 1] = (byte)(x * 4);
                rgb[p + 2] = (byte)(y * 4);
            }
        return rgb;
    }

    /// <summary>Depth (y, x) of sample i in metres; 0 (invalid) in the first column.</summary>
    public static float Depth(int i, int y, int x) => x == 0 ? 0f : 1f + 0.1f * x + 0.01f * y + i;

    /// <summary>
    /// NYUv2 official layout: nyu_v2_3task.json with train (n), train1 (first half), train2 (second half), test (t);
    /// img/*.png RGB, seg/*.png gray labels 0..39 with 255 at (0, 1), normal_mask/*.png encoded (n + 1)·127.5 with
    /// (255, 255, 255) at (1, 0), depth/*.npy float32 H×W (odd samples Fortran order).
    /// </summary>
    public static string NyuV2(string root, int train = 8, int test = 3, int h = 24, int w = 32)
    {
        var splits = new Dictionary<string, List<string[]>> { ["train"] = [], ["train1"] = [], ["train2"] = [], ["test"] = [] };
        for (int i = 0; i < train + test; i++)
        {
            string name = $"{i:D4}";
            ImageFiles.Png(Path.Combine(root, "img", name + ".png"), h, w, 3, Rgb(i, h, w, 40));
            var seg = new byte[h * w];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    seg[y * w + x] = (byte)Label(i, y, x, 40);
            seg[1] = 255;
            ImageFiles.Png(Path.Combine(root, "seg", name + ".png"), h, w, 1, seg);
            var normal = new byte[h * w * 3];
            for (int p = 0; p < h * w; p++)
            {
                // n = (0.6, 0, 0.8) stored as (n + 1)·127.5 rounded: (204, 128, 230)
                normal[3 * p] = 204; normal[3 * p + 1] = 128; normal[3 * p + 2] = 230;
            }
            normal[3 * w] = normal[3 * w + 1] = normal[3 * w + 2] = 255;
            ImageFiles.Png(Path.Combine(root, "normal_mask", name + ".png"), h, w, 3, normal);
            var depth = new float[h * w];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    depth[y * w + x] = Depth(i, y, x);
            string depthPath = Path.Combine(root, "depth", name + ".npy");
            if (i % 2 == 1) ImageFiles.NpyFortran(depthPath, depth, h, w);
            else ImageFiles.Npy(depthPath, depth, h, w);

            string[] entry = [$"/img/{name}.png", $"/seg/{name}.png", $"/normal_mask/{name}.png", $"/depth/{name}.npy"];
            if (i < train)
            {
                splits["train"].Add(entry);
                splits[i < train / 2 ? "train1" : "train2"].Add(entry);
            }
            else splits["test"].Add(entry);
        }
        File.WriteAllText(Path.Combine(root, "nyu_v2_3task.json"), JsonSerializer.Serialize(splits));
        return root;
    }

    /// <summary>
    /// CityScapes official layout: cityscape.json (train, train1, train2, test) of [img, depth, label2, label7, label19]
    /// .npy paths; image H×W×3 float32 in [0, 1], depth H×W×1, labels H×W float32 with −1 at (0, 0).
    /// </summary>
    public static string CityScapes(string root, int train = 6, int test = 2, int h = 16, int w = 32)
    {
        var splits = new Dictionary<string, List<string[]>> { ["train"] = [], ["train1"] = [], ["train2"] = [], ["test"] = [] };
        for (int i = 0; i < train + test; i++)
        {
            string split = i < train ? "train" : "val";
            string name = $"{i}.npy";
            var rgb = Rgb(i, h, w, 19).Select(b => b / 255f).ToArray();
            ImageFiles.Npy(Path.Combine(root, split, "image", name), rgb, h, w, 3);
            var depth = new float[h * w];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    depth[y * w + x] = Depth(i, y, x);
            ImageFiles.Npy(Path.Combine(root, split, "depth", name), depth, h, w, 1);
            foreach (int c in new[] { 2, 7, 19 })
            {
                var label = new float[h * w];
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        label[y * w + x] = Label(i, y, x, c);
                label[0] = -1;
                ImageFiles.Npy(Path.Combine(root, split, $"label_{c}", name), label, h, w);
            }
            string[] entry = [$"{split}/image/{name}", $"{split}/depth/{name}", $"{split}/label_2/{name}", $"{split}/label_7/{name}", $"{split}/label_19/{name}"];
            if (i < train)
            {
                splits["train"].Add(entry);
                splits[i % 2 == 0 ? "train1" : "train2"].Add(entry);
            }
            else splits["test"].Add(entry);
        }
        File.WriteAllText(Path.Combine(root, "cityscape.json"), JsonSerializer.Serialize(splits));
        return root;
    }

    /// <summary>The data section of a folder config with one target of each kind (see <see cref="Folder"/>).</summary>
    public const string FolderTargetsYaml = """
        targets:
            - { name: semantic, kind: segmentation, folder: semseg, num_classes: 5, ignore: 255 }
            - { name: depth, kind: depth, ignore: 0 }
            - { name: normal, kind: normal, ignore: 255 }
            - { name: edge, kind: edge, scale: 0.00392156862745098, ignore: 255 }
            - { name: keypoint, kind: keypoint, ignore: -1 }
            - { name: scene, kind: classification, classes: [kitchen, office, street] }
        """;

    /// <summary>
    /// A folder dataset: root/{train,val,test}/image/NAME.png (one .jpg per split) plus semseg/*.png (5 classes,
    /// 255 at (0, 1)), depth/*.npy (0 = invalid), normal/*.png (encoded, (255,255,255) at (1, 0)), edge/*.png (8-bit,
    /// 255 ignore), keypoint/*.npy (float in [0, 1], −1 ignore) and labels.csv (scene: a class name or index).
    /// </summary>
    public static string Folder(string root, int train = 8, int val = 2, int test = 2, int h = 16, int w = 24)
    {
        int sample = 0;
        foreach (var (split, n) in new[] { ("train", train), ("val", val), ("test", test) })
        {
            var csv = new List<string> { "name,scene" };
            for (int k = 0; k < n; k++, sample++)
            {
                int i = sample;
                string name = $"img_{k:D3}", dir = Path.Combine(root, split);
                if (k == 1) ImageFiles.Jpeg(Path.Combine(dir, "image", name + ".jpg"), h, w, Rgb(i, h, w, 5));
                else ImageFiles.Png(Path.Combine(dir, "image", name + ".png"), h, w, 3, Rgb(i, h, w, 5));
                var seg = new byte[h * w];
                var edge = new byte[h * w];
                var keypoint = new float[h * w];
                var depth = new float[h * w];
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        seg[y * w + x] = (byte)Label(i, y, x, 5);
                        edge[y * w + x] = (byte)(x % 4 == 0 ? 200 : 0);
                        keypoint[y * w + x] = (x + y) % 3 == 0 ? 0.5f : 0f;
                        depth[y * w + x] = Depth(i, y, x);
                    }
                seg[1] = 255;
                edge[2] = 255;
                keypoint[3] = -1;
                ImageFiles.Png(Path.Combine(dir, "semseg", name + ".png"), h, w, 1, seg);
                ImageFiles.Png(Path.Combine(dir, "edge", name + ".png"), h, w, 1, edge);
                ImageFiles.Npy(Path.Combine(dir, "keypoint", name + ".npy"), keypoint, h, w);
                ImageFiles.Npy(Path.Combine(dir, "depth", name + ".npy"), depth, h, w, 1);
                var normal = new byte[h * w * 3];
                for (int p = 0; p < h * w; p++) { normal[3 * p] = 204; normal[3 * p + 1] = 128; normal[3 * p + 2] = 230; }
                normal[3 * w] = normal[3 * w + 1] = normal[3 * w + 2] = 255;
                ImageFiles.Png(Path.Combine(dir, "normal", name + ".png"), h, w, 3, normal);
                csv.Add($"{name},{(i % 2 == 0 ? ((i % 3) switch { 0 => "kitchen", 1 => "office", _ => "street" }) : (i % 3).ToString())}");
            }
            File.WriteAllLines(Path.Combine(root, split, "labels.csv"), csv);
        }
        return root;
    }
}
