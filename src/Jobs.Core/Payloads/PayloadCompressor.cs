using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;

namespace Jobs.Payloads;

/// <summary>The compressions of content_encoding: gzip, zlib and br (BCL), bzip2 (SharpZipLib).</summary>
internal static class PayloadCompressor
{
    public static byte[] Compress(string name, byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = Open(name, output, compress: true)) z.Write(data);
        return output.ToArray();
    }

    /// <summary>Decompresses; a malformed stream or one longer than <paramref name="maxBytes"/> is a <see cref="PayloadException"/>.</summary>
    public static byte[] Decompress(string name, byte[] data, int maxBytes)
    {
        try
        {
            using var input = new MemoryStream(data, writable: false);
            using var z = Open(name, input, compress: false);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = z.Read(buffer)) > 0)
            {
                if (output.Length + n > maxBytes) throw new PayloadException($"PayloadInvalid: the {name} payload decompresses to more than {maxBytes} bytes");
                output.Write(buffer, 0, n);
            }
            return output.ToArray();
        }
        catch (PayloadException) { throw; }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BZip2Exception or ICSharpCode.SharpZipLib.SharpZipBaseException)
        {
            throw new PayloadException($"PayloadInvalid: the payload is not valid {name} data ({ex.Message})", ex);
        }
    }

    public static bool IsKnown(string name) => name is "gzip" or "zlib" or "br" or "bzip2";

    private static Stream Open(string name, Stream stream, bool compress) => name switch
    {
        "gzip" => compress ? new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true) : new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true),
        "zlib" => compress ? new ZLibStream(stream, CompressionLevel.Fastest, leaveOpen: true) : new ZLibStream(stream, CompressionMode.Decompress, leaveOpen: true),
        "br" => compress ? new BrotliStream(stream, CompressionLevel.Fastest, leaveOpen: true) : new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: true),
        "bzip2" => compress ? new BZip2OutputStream(stream) { IsStreamOwner = false } : new BZip2InputStream(stream) { IsStreamOwner = false },
        _ => throw new PayloadException($"PayloadInvalid: unknown content encoding '{name}'"),
    };
}
