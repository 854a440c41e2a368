using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace AdaShare.Tests.Data.Fixtures;

/// <summary>
/// Writes real PNG files (grey or RGB, 8 or 16 bits per sample, filter 0) by hand, so fixtures hold exactly the
/// sample values and bit depths of the published datasets (Taskonomy's depth, keypoints and edges are 16-bit grey).
/// </summary>
public static class PngWriter
{
    /// <param name="samples">Interleaved H×W×channels sample values (0..255 or 0..65535).</param>
    public static void Write(string path, int height, int width, int channels, int bitDepth, IReadOnlyList<int> samples)
    {
        if (samples.Count != height * width * channels) throw new ArgumentException("sample count does not match the size");
        int bytesPerSample = bitDepth / 8;
        int rowBytes = width * channels * bytesPerSample;
        var raw = new byte[height * (rowBytes + 1)];
        for (int y = 0; y < height; y++)
        {
            int row = y * (rowBytes + 1); // filter byte 0 (none)
            for (int i = 0; i < width * channels; i++)
            {
                int v = samples[y * width * channels + i];
                if (bitDepth == 16) BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(row + 1 + 2 * i), (ushort)v);
                else raw[row + 1 + i] = (byte)v;
            }
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = channels switch { 1 => 0, 3 => 2, 4 => 6, _ => throw new ArgumentException("channels must be 1, 3 or 4") };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var f = File.Create(path);
        f.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(f, "IHDR", ihdr);
        Chunk(f, "IDAT", compressed.ToArray());
        Chunk(f, "IEND", []);
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        s.Write(head);
        s.Write(data);
        uint crc = Crc32(head.AsSpan(4), data);
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        s.Write(tail);
    }

    private static uint Crc32(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (var part in new[] { type.ToArray(), data.ToArray() })
            foreach (byte b in part)
            {
                c ^= b;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
        return c ^ 0xFFFFFFFF;
    }
}
