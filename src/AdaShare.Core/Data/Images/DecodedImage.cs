namespace AdaShare.Data.Images;

/// <summary>
/// A decoded image file: interleaved H×W×C sample values exactly as stored, at the file's bit depth (8 → 0..255,
/// 16 → 0..65535). Channels is 1 (grey) or 3 (RGB); alpha is dropped.
/// </summary>
public sealed record DecodedImage(string Path, int Height, int Width, int Channels, int BitDepth, ushort[] Samples)
{
    public ushort this[int y, int x, int c] => Samples[(y * Width + x) * Channels + c];
}
