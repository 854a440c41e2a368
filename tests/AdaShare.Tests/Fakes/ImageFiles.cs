using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using AdaShare.Data;
using SkiaSharp;

namespace AdaShare.Tests.Fakes;

/// <summary>
/// Writes real image and .npy files for dataset fixtures. PNGs are encoded here byte by byte (signature, IHDR, zlib
/// IDAT, CRCs) so a test controls the exact colour type and bit depth (gray, RGB, 16-bit, palette); JPEGs through Skia.
/// </summary>
public static class ImageFiles
{
    /// <summary>An 8-bit PNG: <paramref name="channels"/> 1 = gray, 3 = RGB; pixels H×W×C.</summary>
    public static void Png(string path, int height, int width, int channels, byte[] pixels, int bitDepth = 8, byte[]? palette = null)
    {
        int colorType = palette != null ? 3 : channels == 1 ? 0 : 2;
        int bytesPerPixel = channels * bitDepth / 8;
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(pixels, y * width * bytesPerPixel, width * bytesPerPixel);
        }
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw.ToArray());
        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BigEndian(ihdr, 0, width);
        BigEndian(ihdr, 4, height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        Chunk(png, "IHDR", ihdr);
        if (palette != null) Chunk(png, "PLTE", palette);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, png.ToArray());
    }

    /// <summary>An RGB JPEG (quality 100) of H×W×3 pixels.</summary>
    public static void Jpeg(string path, int height, int width, byte[] rgb)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = 3 * (y * width + x);
                bitmap.SetPixel(x, y, new SKColor(rgb[p], rgb[p + 1], rgb[p + 2]));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>A float32 .npy of a C-order array, stored in Fortran (column-major) order as MATLAB-converted depth often is.</summary>
    public static void NpyFortran(string path, float[] cOrder, int height, int width)
    {
        var f = new float[cOrder.Length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                f[x * height + y] = cOrder[y * width + x];
        var bytes = NpyWriter.Encode("<f4", [height, width], MemoryMarshal.AsBytes(f.AsSpan()));
        string text = Encoding.Latin1.GetString(bytes, 0, 64);
        int at = text.IndexOf("'fortran_order': False", StringComparison.Ordinal);
        Encoding.ASCII.GetBytes("'fortran_order': True ").CopyTo(bytes, at);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public static void Npy(string path, float[] data, params int[] shape)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        NpyWriter.Write(path, data, shape);
    }

    private static void BigEndian(byte[] b, int at, int v)
    {
        b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BigEndian(len, 0, data.Length);
        s.Write(len);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        var crc = new byte[4];
        BigEndian(crc, 0, (int)Crc32(typed));
        s.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}
