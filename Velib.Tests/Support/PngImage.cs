using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Velib.Tests.Support;

/// <summary>
/// The pixels of an 8-bit RGB or RGBA, non-interlaced PNG, what Chromium's screenshots are. Hand-written: fifty lines
/// with <see cref="ZLibStream"/> for one test, where an image library would be a dependency of its own.
/// </summary>
public sealed class PngImage
{
    private readonly byte[] pixels;
    private readonly int bytesPerPixel;

    private PngImage(int width, int height, int bytesPerPixel, byte[] pixels)
    {
        (Width, Height, this.bytesPerPixel, this.pixels) = (width, height, bytesPerPixel, pixels);
    }

    public int Width { get; }

    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var at = ((y * Width) + x) * bytesPerPixel;
            return (pixels[at], pixels[at + 1], pixels[at + 2]);
        }
    }

    public static PngImage Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], file[..8]);
        var (width, height, bytesPerPixel) = (0, 0, 0);
        using var compressed = new MemoryStream();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.True(data[8] == 8 && data[9] is 2 or 6 && data[12] == 0, "not an 8-bit RGB(A) non-interlaced PNG");
                bytesPerPixel = data[9] == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }

            at += 12 + length;
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new PngImage(width, height, bytesPerPixel, Unfilter(inflated.ToArray(), width * bytesPerPixel, height, bytesPerPixel));
    }

    /// <summary>Undoes each row's filter (PNG specification, section 9).</summary>
    private static byte[] Unfilter(byte[] filtered, int stride, int height, int bpp)
    {
        var rows = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = filtered[y * (stride + 1)];
            for (var i = 0; i < stride; i++)
            {
                var x = filtered[(y * (stride + 1)) + 1 + i];
                int a = i >= bpp ? rows[(y * stride) + i - bpp] : 0, b = y > 0 ? rows[((y - 1) * stride) + i] : 0, c = i >= bpp && y > 0 ? rows[((y - 1) * stride) + i - bpp] : 0;
                rows[(y * stride) + i] = (byte)(x + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
        }

        return rows;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
