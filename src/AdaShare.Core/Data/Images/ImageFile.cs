using System.Runtime.InteropServices;
using SkiaSharp;

namespace AdaShare.Data.Images;

/// <summary>
/// Reads PNG and JPEG files keeping every sample value exact: non-interlaced 8/16-bit PNGs through
/// <see cref="PngReader"/> (16-bit values stay 16-bit: a stored 64499 reads as 64499), JPEG and other PNGs through
/// SkiaSharp (the library the project already ships for plots) with no colour-space conversion. Every failure is an
/// <see cref="InvalidDataException"/> naming the file and what it should have held.
/// </summary>
public static class ImageFile
{
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
