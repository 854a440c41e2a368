using System.Runtime.InteropServices;
using SkiaSharp;

namespace AdaShare.Data.Images;

/// <summary>An 8-bit image as stored: H×W×C bytes (C = 1 gray, 3 RGB), no colour management.</summary>
public sealed record RawImage(int Height, int Width, int Channels, byte[] Pixels);

/// <summary>
/// Reads PNG and JPEG files with SkiaSharp (the decoder ScottPlot already ships). Values are the stored 8-bit samples,
/// without colour-space conversion, so label and normal maps come back exactly. Skia reduces 16-bit PNGs to 8 bits and
/// turns palette PNGs into colours, so both are rejected for maps (store such maps as .npy). Every error names the file
/// and what was expected; a truncated file is an error, never a partly decoded image. <see cref="Read"/> keeps 16-bit
/// PNG samples exact through <see cref="PngReader"/> (Tiny-Taskonomy's depth, keypoint and edge maps).
/// </summary>
public static class ImageFile
{
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    private static readonly byte[] PngEnd = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];

    /// <summary>An RGB image (PNG or JPEG; gray is expanded, alpha dropped) as 3×H×W floats in [0, 1].</summary>
    public static (float[] Chw, int Height, int Width) ReadRgb(string path)
    {
        var raw = Decode(path, wantGray: false);
        int hw = raw.Height * raw.Width;
        var chw = new float[3 * hw];
        for (int p = 0; p < hw; p++)
            for (int c = 0; c < 3; c++)
                chw[c * hw + p] = raw.Pixels[p * 3 + c] / 255f;
        return (chw, raw.Height, raw.Width);
    }

    /// <summary>A single-channel map (8-bit grayscale PNG, or an RGB PNG whose three channels are equal) as H×W bytes.</summary>
    public static RawImage ReadGray(string path)
    {
        RejectUnexact(path);
        var raw = Decode(path, wantGray: true);
        if (raw.Channels == 1) return raw;
        var gray = new byte[raw.Height * raw.Width];
        for (int p = 0; p < gray.Length; p++)
        {
            byte r = raw.Pixels[3 * p], g = raw.Pixels[3 * p + 1], b = raw.Pixels[3 * p + 2];
            if (r != g || g != b)
                throw new InvalidDataException($"{path}: colour pixel ({r},{g},{b}) at ({p / raw.Width}, {p % raw.Width}), expected a single-channel (grayscale) PNG of labels/values");
            gray[p] = r;
        }
        return new RawImage(raw.Height, raw.Width, 1, gray);
    }

    /// <summary>A three-channel 8-bit map (e.g. an encoded normal PNG) as H×W×3 bytes.</summary>
    public static RawImage ReadRgbBytes(string path)
    {
        RejectUnexact(path);
        return Decode(path, wantGray: false);
    }

    /// <summary>Width and height from the file header, without decoding the pixels.</summary>
    public static (int Height, int Width) ReadSize(string path)
    {
        using var codec = OpenCodec(path);
        return (codec.Info.Height, codec.Info.Width);
    }

    /// <summary>"PNG 640x480, 8-bit RGB" style description from the header.</summary>
    public static string Describe(string path)
    {
        using var codec = OpenCodec(path);
        string what = codec.Info.ColorType == SKColorType.Gray8 ? "gray" : "colour";
        if (codec.EncodedFormat == SKEncodedImageFormat.Png)
        {
            Span<byte> head = stackalloc byte[26];
            using var f = File.OpenRead(path);
            f.ReadExactly(head);
            what = head[25] switch { 0 => "gray", 2 => "RGB", 3 => "palette", 4 => "gray+alpha", 6 => "RGBA", _ => what };
            return $"PNG {codec.Info.Width}x{codec.Info.Height} {head[24]}-bit {what}";
        }
        return $"{codec.EncodedFormat} {codec.Info.Width}x{codec.Info.Height} {what}";
    }

    private static SKCodec OpenCodec(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: file not found");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new InvalidDataException($"{path}: unreadable ({e.Message})"); }
        // Skia decodes a PNG that lost only its tail (checksums, IEND) without complaint; a complete PNG ends with IEND
        if (bytes.Length >= 8 && bytes[0] == 0x89 && bytes[1] == (byte)'P' && !bytes.AsSpan().EndsWith(PngEnd))
            throw new InvalidDataException($"{path}: truncated image (PNG without its IEND end chunk; expected a complete file)");
        var codec = SKCodec.Create(new MemoryStream(bytes), out var result);
        if (result == SKCodecResult.IncompleteInput)
        {
            codec?.Dispose();
            throw new InvalidDataException($"{path}: truncated image (the header or data ends early; expected a complete PNG or JPEG)");
        }
        if (codec == null || result != SKCodecResult.Success)
            throw new InvalidDataException($"{path}: not a readable image ({result}; expected PNG or JPEG)");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            var format = codec.EncodedFormat;
            codec.Dispose();
            throw new InvalidDataException($"{path}: {format} image, expected PNG or JPEG");
        }
        return codec;
    }

    private static RawImage Decode(string path, bool wantGray)
    {
        using var codec = OpenCodec(path);
        int h = codec.Info.Height, w = codec.Info.Width;
        bool gray = wantGray && codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(w, h, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
        var buffer = new byte[info.BytesSize];
        SKCodecResult result;
        unsafe
        {
            fixed (byte* p = buffer)
                result = codec.GetPixels(info, (IntPtr)p);
        }
        if (result == SKCodecResult.IncompleteInput)
            throw new InvalidDataException($"{path}: truncated image (decoding stopped early; expected a complete {h}x{w} {codec.EncodedFormat})");
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"{path}: cannot decode the pixels ({result})");
        if (gray) return new RawImage(h, w, 1, buffer);
        var rgb = new byte[h * w * 3];
        for (int p = 0; p < h * w; p++)
        {
            rgb[3 * p] = buffer[4 * p];
            rgb[3 * p + 1] = buffer[4 * p + 1];
            rgb[3 * p + 2] = buffer[4 * p + 2];
        }
        return new RawImage(h, w, 3, rgb);
    }

    /// <summary>Maps must decode to their stored values: 16-bit and palette PNGs would not (see the class summary), JPEG is lossy.</summary>
    private static void RejectUnexact(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: file not found");
        Span<byte> head = stackalloc byte[26];
        using (var f = File.OpenRead(path))
            if (f.Read(head) < head.Length) throw new InvalidDataException($"{path}: truncated image (too short for a PNG header)");
        bool png = head[0] == 0x89 && head[1] == (byte)'P' && head[2] == (byte)'N' && head[3] == (byte)'G';
        if (!png) throw new InvalidDataException($"{path}: not a PNG file (maps must be PNG or .npy; JPEG is lossy)");
        int bitDepth = head[24], colorType = head[25];
        if (bitDepth == 16) throw new InvalidDataException($"{path}: 16-bit PNG, expected 8-bit (store 16-bit maps as .npy)");
        if (colorType == 3) throw new InvalidDataException($"{path}: palette PNG, expected 8-bit grayscale or RGB values (palette indices are not read)");
    }

    /// <summary>Decodes <paramref name="path"/> as grey (<paramref name="channels"/> = 1) or RGB (3).</summary>
    /// <param name="what">What the file should hold, for error messages ("16-bit depth PNG").</param>
    public static DecodedImage Read(string path, int channels, string what = "image")
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), "1 (grey) or 3 (RGB)");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new InvalidDataException($"{path}: file not found (expected a {what})"); }
        catch (IOException e) { throw new InvalidDataException($"{path}: unreadable ({e.Message})"); }

        var png = PngReader.ReadHeader(bytes);
        if (png != null && channels == 1 && png.ColorType is not (0 or 4 or 3))
            throw new InvalidDataException($"{path}: colour PNG, expected a single-channel grey {what}");
        if (png != null && PngReader.CanRead(png))
            return PngReader.Decode(path, bytes, png, channels);
        if (png is { BitDepth: 16 })
            throw new InvalidDataException($"{path}: interlaced 16-bit PNG is not supported (expected a non-interlaced {what}; re-save it without interlacing)");

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec == null)
            throw new InvalidDataException($"{path}: not a readable PNG or JPEG (expected a {what})");
        int w = codec.Info.Width, h = codec.Info.Height;
        // No colour space on the destination: Skia then copies samples without any gamma or profile conversion.
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
        const int bytesPerPixel = 4;
        var pixels = new byte[(long)w * h * bytesPerPixel];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        SKCodecResult result;
        try { result = codec.GetPixels(info, handle.AddrOfPinnedObject()); }
        finally { handle.Free(); }
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"{path}: {(result == SKCodecResult.IncompleteInput ? "truncated" : "undecodable")} {codec.EncodedFormat} ({result}), expected a {what}");

        var samples = new ushort[w * h * channels];
        for (int p = 0; p < w * h; p++)
            for (int c = 0; c < channels; c++)
                samples[p * channels + c] = pixels[p * 4 + c];
        return new DecodedImage(path, h, w, channels, 8, samples);
    }
}
