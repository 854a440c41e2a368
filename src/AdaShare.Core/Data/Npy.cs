using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace AdaShare.Data;

// NumPy .npy reading and writing, written by hand: no maintained .npy package is served to this project, and the
// format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html) is small. Supported: format
// versions 1.0, 2.0 and 3.0; little-endian float32 ('<f4'), float64 ('<f8'), uint8 ('|u1'), int32 ('<i4') and
// int64 ('<i8'); C and Fortran order. Every error names the file and the problem.

/// <summary>A .npy array read into float32 values in C (row-major) order, whatever its stored dtype and order.</summary>
public sealed record NpyArray(int[] Shape, string DType, bool FortranOrder, float[] Data)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public string ShapeText => "(" + string.Join(", ", Shape) + ")";
}

public static partial class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new InvalidDataException($"{path}: file not found"); }
        catch (DirectoryNotFoundException) { throw new InvalidDataException($"{path}: file not found"); }
        return Read(bytes, path);
    }

    /// <summary>Parses .npy bytes; <paramref name="name"/> names the source in error messages.</summary>
    public static NpyArray Read(ReadOnlySpan<byte> bytes, string name = "<npy>")
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a .npy file (bad magic; expected \\x93NUMPY)");
        int major = bytes[6];
        int headerLen, offset;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]); offset = 10; }
        else if (major is 2 or 3)
        {
            if (bytes.Length < 12) throw new InvalidDataException($"{name}: truncated header");
            headerLen = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
            offset = 12;
        }
        else throw new InvalidDataException($"{name}: unsupported .npy format version {major}.{bytes[7]}");
        if (offset + (long)headerLen > bytes.Length) throw new InvalidDataException($"{name}: truncated header ({bytes.Length} bytes, header needs {offset + headerLen})");
        string header = Encoding.Latin1.GetString(bytes.Slice(offset, headerLen));

        var descr = DescrRegex().Match(header);
        var fortran = FortranRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw new InvalidDataException($"{name}: malformed header '{header.Trim()}'");
        string dtype = descr.Groups[1].Value;
        bool isFortran = fortran.Groups[1].Value == "True";
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
                ? v : throw new InvalidDataException($"{name}: malformed shape '{shapeMatch.Groups[1].Value}'"))
            .ToArray();

        int itemSize = dtype switch
        {
            "<f4" => 4,
            "<f8" => 8,
            "|u1" or "<u1" or "u1" => 1,
            "<i4" => 4,
            "<i8" => 8,
            _ when dtype.StartsWith('>') => throw new InvalidDataException($"{name}: big-endian dtype '{dtype}' is not supported (expected little-endian float32, float64, uint8, int32 or int64)"),
            _ => throw new InvalidDataException($"{name}: unsupported dtype '{dtype}' (expected '<f4', '<f8', '|u1', '<i4' or '<i8')"),
        };
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count > int.MaxValue / 8) throw new InvalidDataException($"{name}: array too large ({count} elements)");
        int dataStart = offset + headerLen;
        long needed = count * itemSize;
        if (bytes.Length - dataStart < needed)
            throw new InvalidDataException($"{name}: truncated data: shape ({string.Join(", ", shape)}) of {dtype} needs {needed} bytes, file has {bytes.Length - dataStart}");
        var raw = bytes.Slice(dataStart, (int)needed);
        var data = new float[count];
        switch (dtype)
        {
            case "<f4": MemoryMarshal.Cast<byte, float>(raw).CopyTo(data); break;
            case "<f8": { var s = MemoryMarshal.Cast<byte, double>(raw); for (int i = 0; i < data.Length; i++) data[i] = (float)s[i]; break; }
            case "<i4": { var s = MemoryMarshal.Cast<byte, int>(raw); for (int i = 0; i < data.Length; i++) data[i] = s[i]; break; }
            case "<i8": { var s = MemoryMarshal.Cast<byte, long>(raw); for (int i = 0; i < data.Length; i++) data[i] = s[i]; break; }
            default: for (int i = 0; i < data.Length; i++) data[i] = raw[i]; break;
        }
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian machines are not supported");
        if (isFortran && shape.Length > 1) data = FortranToC(data, shape);
        return new NpyArray(shape, dtype, isFortran, data);
    }

    /// <summary>Reorders column-major (Fortran) data into row-major (C) order.</summary>
    private static float[] FortranToC(float[] f, int[] shape)
    {
        var c = new float[f.Length];
        int nd = shape.Length;
        var idx = new int[nd];
        var fStride = new long[nd];
        fStride[0] = 1;
        for (int k = 1; k < nd; k++) fStride[k] = fStride[k - 1] * shape[k - 1];
        for (int ci = 0; ci < c.Length; ci++)
        {
            long fi = 0;
            for (int k = 0; k < nd; k++) fi += idx[k] * fStride[k];
            c[ci] = f[fi];
            for (int k = nd - 1; k >= 0; k--) // advance the C multi-index (last axis fastest)
            {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
        return c;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}

/// <summary>Writes C-order little-endian .npy files (format 1.0, or 2.0 when the header is long).</summary>
public static class NpyWriter
{
    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape) => WriteRaw(path, "<f4", shape, MemoryMarshal.AsBytes(data), data.Length);

    public static void Write(string path, ReadOnlySpan<double> data, params int[] shape) => WriteRaw(path, "<f8", shape, MemoryMarshal.AsBytes(data), data.Length);

    public static void Write(string path, ReadOnlySpan<byte> data, params int[] shape) => WriteRaw(path, "|u1", shape, data, data.Length);

    public static void Write(string path, ReadOnlySpan<long> data, params int[] shape) => WriteRaw(path, "<i8", shape, MemoryMarshal.AsBytes(data), data.Length);

    public static byte[] Encode(string descr, int[] shape, ReadOnlySpan<byte> raw)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int pre = 10;
        int total = pre + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        bool v2 = padded - pre > ushort.MaxValue;
        if (v2) { pre = 12; total = pre + dict.Length + 1; padded = (total + 63) / 64 * 64; }
        string header = dict + new string(' ', padded - total) + "\n";
        var bytes = new byte[padded + raw.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = (byte)(v2 ? 2 : 1);
        bytes[7] = 0;
        if (v2) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        else BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, pre);
        raw.CopyTo(bytes.AsSpan(padded));
        return bytes;
    }

    private static void WriteRaw(string path, string descr, int[] shape, ReadOnlySpan<byte> raw, int count)
    {
        long expected = shape.Aggregate(1L, (a, b) => a * b);
        if (expected != count) throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {expected} values, data has {count}");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian machines are not supported");
        File.WriteAllBytes(path, Encode(descr, shape, raw));
    }
}
