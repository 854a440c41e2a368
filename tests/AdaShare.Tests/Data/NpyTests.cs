using System.Buffers.Binary;
using System.Text;
using AdaShare.Data;

namespace AdaShare.Tests.Data;

public sealed class NpyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Float32_round_trip_is_exact()
    {
        var data = Enumerable.Range(0, 24).Select(i => i * 0.37f - 3f).ToArray();
        NpyWriter.Write(P("a.npy"), data, 2, 3, 4);
        var a = NpyReader.Read(P("a.npy"));
        Assert.Equal(new[] { 2, 3, 4 }, a.Shape);
        Assert.Equal("<f4", a.DType);
        Assert.Equal(data, a.Data);
        Assert.Equal(0, (new FileInfo(P("a.npy")).Length - 24 * 4) % 64); // header padded to 64 bytes
    }

    [Fact]
    public void Other_dtypes_round_trip()
    {
        NpyWriter.Write(P("d.npy"), new double[] { 1.5, -2.25, 3 }, 3);
        Assert.Equal(new[] { 1.5f, -2.25f, 3f }, NpyReader.Read(P("d.npy")).Data);
        Assert.Equal("<f8", NpyReader.Read(P("d.npy")).DType);
        NpyWriter.Write(P("u.npy"), new byte[] { 0, 7, 255, 1 }, 2, 2);
        Assert.Equal(new[] { 0f, 7f, 255f, 1f }, NpyReader.Read(P("u.npy")).Data);
        NpyWriter.Write(P("l.npy"), new long[] { -1, 12, 3 }, 3, 1);
        var l = NpyReader.Read(P("l.npy"));
        Assert.Equal(new[] { 3, 1 }, l.Shape);
        Assert.Equal(new[] { -1f, 12f, 3f }, l.Data);
    }

    [Fact]
    public void Fortran_order_is_reordered_to_C_order()
    {
        // numpy: np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)) stores 0 3 1 4 2 5
        var raw = new float[] { 0, 3, 1, 4, 2, 5 };
        var bytes = Header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", raw.Length * 4);
        Buffer.BlockCopy(raw, 0, bytes, bytes.Length - raw.Length * 4, raw.Length * 4);
        var a = NpyReader.Read(bytes, "f.npy");
        Assert.True(a.FortranOrder);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, a.Data);
    }

    [Fact]
    public void Fortran_order_3d()
    {
        // element (i, j, k) of shape (2, 3, 2) holds 100i + 10j + k; Fortran stores i fastest
        var f = new List<float>();
        for (int k = 0; k < 2; k++) for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) f.Add(100 * i + 10 * j + k);
        var bytes = Header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 2), }", f.Count * 4);
        Buffer.BlockCopy(f.ToArray(), 0, bytes, bytes.Length - f.Count * 4, f.Count * 4);
        var a = NpyReader.Read(bytes);
        var expected = new List<float>();
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 2; k++) expected.Add(100 * i + 10 * j + k);
        Assert.Equal(expected, a.Data);
    }

    [Fact]
    public void Bad_magic_is_a_clear_error()
    {
        File.WriteAllBytes(P("bad.npy"), Encoding.ASCII.GetBytes("PK\x03\x04 this is a zip, not an npy file"));
        var e = Assert.Throws<InvalidDataException>(() => NpyReader.Read(P("bad.npy")));
        Assert.Contains("bad.npy", e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Truncated_data_is_a_clear_error()
    {
        NpyWriter.Write(P("t.npy"), new float[100], 10, 10);
        var bytes = File.ReadAllBytes(P("t.npy"));
        File.WriteAllBytes(P("t.npy"), bytes[..(bytes.Length - 10)]);
        var e = Assert.Throws<InvalidDataException>(() => NpyReader.Read(P("t.npy")));
        Assert.Contains("t.npy", e.Message);
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(P("t2.npy"), bytes[..20]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => NpyReader.Read(P("t2.npy"))).Message);
    }

    [Fact]
    public void Unsupported_dtype_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => NpyReader.Read(Header("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16), "c.npy"));
        Assert.Contains("c.npy", e.Message);
        Assert.Contains("<c8", e.Message);
        var big = Assert.Throws<InvalidDataException>(() => NpyReader.Read(Header("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), "b.npy"));
        Assert.Contains("big-endian", big.Message);
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        var e = Assert.Throws<InvalidDataException>(() => NpyReader.Read(P("nope.npy")));
        Assert.Contains("nope.npy", e.Message);
    }

    private static byte[] Header(string dict, int dataBytes)
    {
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        var bytes = new byte[padded + dataBytes];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, 10);
        return bytes;
    }
}
