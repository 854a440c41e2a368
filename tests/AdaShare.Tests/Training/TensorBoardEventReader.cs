using System.Buffers.Binary;
using System.Text;

namespace AdaShare.Tests.Training;

/// <summary>A value read back from a TensorBoard event file: a scalar or an encoded image.</summary>
public sealed record TensorBoardValue(string Tag, long Step, float? Scalar, byte[]? Image);

/// <summary>
/// Reads TensorBoard event files independently of the writer: TFRecord framing (u64 length, u32 crc, data, u32 crc)
/// around tensorflow.Event protobufs (2: step, 5: Summary → 1: Value → 1: tag, 2: simple_value, 4: Image → 4: encoded).
/// </summary>
public static class TensorBoardEventReader
{
    public static List<TensorBoardValue> Read(string path)
    {
        var values = new List<TensorBoardValue>();
        byte[] bytes = File.ReadAllBytes(path);
        int pos = 0;
        while (pos + 12 <= bytes.Length)
        {
            long length = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(pos));
            pos += 12;
            if (pos + length + 4 > bytes.Length)
                throw new InvalidDataException($"{path}: truncated record at byte {pos}");
            ReadEvent(bytes.AsSpan(pos, (int)length), values);
            pos += (int)length + 4;
        }
        return values;
    }

    private static void ReadEvent(ReadOnlySpan<byte> ev, List<TensorBoardValue> values)
    {
        long step = 0;
        var summaries = new List<byte[]>();
        foreach (var (field, wire, varint, data) in Fields(ev.ToArray()))
        {
            if (field == 2 && wire == 0) step = (long)varint;
            if (field == 5 && wire == 2) summaries.Add(data!);
        }
        foreach (var summary in summaries)
            foreach (var (field, _, _, value) in Fields(summary))
            {
                if (field != 1) continue;
                string tag = "";
                float? scalar = null;
                byte[]? image = null;
                foreach (var (f, w, v, d) in Fields(value!))
                {
                    if (f == 1) tag = Encoding.UTF8.GetString(d!);
                    if (f == 2 && w == 5) scalar = BitConverter.Int32BitsToSingle((int)v);
                    if (f == 4 && w == 2) image = Fields(d!).FirstOrDefault(x => x.Field == 4).Data;
                }
                values.Add(new TensorBoardValue(tag, step, scalar, image));
            }
    }

    /// <summary>The fields of one protobuf message: number, wire type, the varint / fixed value, or the bytes.</summary>
    private static List<(int Field, int Wire, ulong Value, byte[]? Data)> Fields(byte[] message)
    {
        var fields = new List<(int, int, ulong, byte[]?)>();
        int pos = 0;
        while (pos < message.Length)
        {
            ulong key = Varint(message, ref pos);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add((field, wire, Varint(message, ref pos), null)); break;
                case 1: fields.Add((field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(pos)), null)); pos += 8; break;
                case 5: fields.Add((field, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(pos)), null)); pos += 4; break;
                case 2:
                    int n = (int)Varint(message, ref pos);
                    fields.Add((field, wire, 0, message.AsSpan(pos, n).ToArray()));
                    pos += n;
                    break;
                default: throw new InvalidDataException($"protobuf wire type {wire} not expected");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] data, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }
}
