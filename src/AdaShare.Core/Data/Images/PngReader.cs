using System.Buffers.Binary;
using System.IO.Compression;

namespace AdaShare.Data.Images;

/// <summary>
/// A small exact PNG reader for non-interlaced 8- and 16-bit images (grey, grey+alpha, RGB, RGBA, 8-bit palette).
/// Why our own: SkiaSharp 3.119 decodes 16-bit PNGs only to half floats (RgbaF16), which cannot hold every 16-bit
/// value, and Taskonomy stores depth, keypoints and edges as 16-bit grey PNGs whose exact values matter (valid depth
/// is d &lt; 64500). Other PNGs (interlaced, 1/2/4-bit) go to SkiaSharp, which is exact at 8 bits.
/// </summary>
internal static class PngReader
{
    public sealed record Header(int Width, int Height, int BitDepth, byte ColorType, bool Interlaced);

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The IHDR fields, or null when the bytes do not start like a PNG.</summary>
    public static Header? ReadHeader(byte[] bytes)
    {
        if (bytes.Length < 29 || !bytes.AsSpan(0, 8).SequenceEqual(Signature) || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(12)) != 0x49484452)
            return null;
        return new Header(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), bytes[24], bytes[25], bytes[28] != 0);
    }

    public static bool CanRead(Header h) => !h.Interlaced && h.BitDepth is 8 or 16 && h.ColorType is 0 or 2 or 3 or 4 or 6 && !(h.ColorType == 3 && h.BitDepth != 8);

    /// <summary>Decodes to <paramref name="channels"/> (1: the grey samples, or palette indices; 3: RGB).</summary>
    public static DecodedImage Decode(string path, byte[] bytes, Header h, int channels)
    {
        int fileChannels = h.ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        if (h.Width <= 0 || h.Height <= 0 || (long)h.Width * h.Height > 1L << 28)
            throw new InvalidDataException($"{path}: implausible PNG size {h.Width}x{h.Height}");
        byte[]? palette = null;
        using var idat = new MemoryStream();
        int pos = 8;
        bool ended = false;
        while (pos + 8 <= bytes.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(pos));
            uint type = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(pos + 4));
            if (length < 0 || pos + 12L + length > bytes.Length) break;
            var body = bytes.AsSpan(pos + 8, length);
            if (type == 0x49444154) idat.Write(body);                 // IDAT
            else if (type == 0x504C5445) palette = body.ToArray();     // PLTE
            else if (type == 0x49454E44) { ended = true; break; }      // IEND
            pos += 12 + length;
        }
        if (!ended) throw new InvalidDataException($"{path}: truncated PNG (no IEND chunk)");
        if (h.ColorType == 3 && channels == 3 && palette == null) throw new InvalidDataException($"{path}: palette PNG without a PLTE chunk");

        int bytesPerSample = h.BitDepth / 8, bpp = fileChannels * bytesPerSample, stride = h.Width * bpp;
        var raw = new byte[(long)h.Height * (stride + 1)];
        idat.Position = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int read = 0, n;
            while (read < raw.Length && (n = z.Read(raw, read, raw.Length - read)) > 0) read += n;
            if (read < raw.Length) throw new InvalidDataException($"{path}: truncated PNG image data ({read} of {raw.Length} bytes)");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: corrupt PNG image data ({e.Message})");
        }

        var prior = new byte[stride];
        var row = new byte[stride];
        var samples = new ushort[h.Width * h.Height * channels];
        for (int y = 0; y < h.Height; y++)
        {
            int start = y * (stride + 1);
            Unfilter(raw[start], raw.AsSpan(start + 1, stride), prior, row, bpp, path);
            for (int x = 0; x < h.Width; x++)
                for (int c = 0; c < channels; c++)
                    samples[(y * h.Width + x) * channels + c] = Sample(row, x, c, h, fileChannels, bytesPerSample, channels, palette);
            (prior, row) = (row, prior);
        }
        return new DecodedImage(path, h.Height, h.Width, channels, h.BitDepth, samples);
    }

    private static ushort Sample(byte[] row, int x, int c, Header h, int fileChannels, int bytesPerSample, int channels, byte[]? palette)
    {
        if (h.ColorType == 3)
        {
            int index = row[x];
            return channels == 1 ? (ushort)index : palette!.Length >= 3 * index + 3 ? palette[3 * index + c] : (ushort)0;
        }
        // Grey read as RGB repeats the grey sample; colour read as grey is refused by the caller.
        int fc = fileChannels <= 2 ? 0 : c;
        int offset = (x * fileChannels + fc) * bytesPerSample;
        return bytesPerSample == 2 ? BinaryPrimitives.ReadUInt16BigEndian(row.AsSpan(offset)) : row[offset];
    }

    private static void Unfilter(byte filter, ReadOnlySpan<byte> src, byte[] prior, byte[] dst, int bpp, string path)
    {
        for (int i = 0; i < src.Length; i++)
        {
            int a = i >= bpp ? dst[i - bpp] : 0, b = prior[i], c = i >= bpp ? prior[i - bpp] : 0;
            dst[i] = filter switch
            {
                0 => src[i],
                1 => (byte)(src[i] + a),
                2 => (byte)(src[i] + b),
                3 => (byte)(src[i] + ((a + b) >> 1)),
                4 => (byte)(src[i] + Paeth(a, b, c)),
                _ => throw new InvalidDataException($"{path}: corrupt PNG (row filter {filter})"),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
