using AdaShare.Data.Images;

namespace AdaShare.Data;

/// <summary>One-line descriptions of stored files (dtype, shape, order; image format, size, bit depth) for <c>data check</c>.</summary>
public static class FileFormat
{
    public static string Describe(string path)
    {
        try
        {
            if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            {
                var a = NpyReader.Read(path);
                return $"npy {a.DType} {a.ShapeText}{(a.FortranOrder ? " Fortran order" : "")}";
            }
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                var lines = File.ReadLines(path).Where(l => l.Trim().Length > 0).ToArray();
                return $"CSV, {Math.Max(0, lines.Length - 1)} rows, header '{lines.FirstOrDefault()}'";
            }
            return ImageFile.Describe(path);
        }
        catch (InvalidDataException e)
        {
            return $"unreadable: {e.Message}";
        }
    }
}
