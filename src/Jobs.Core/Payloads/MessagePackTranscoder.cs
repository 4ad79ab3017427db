using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MessagePack;

namespace Jobs.Payloads;

/// <summary>
/// JSON text ⇔ MessagePack bytes by walking both formats: no serializer, no CLR type is ever chosen by the payload.
/// Extension types (Typeless is ext 100) and binary values have no JSON form and are refused.
/// </summary>
internal static class MessagePackTranscoder
{
    private const int MaxDepth = 64;

    public static byte[] FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(Math.Max(16, json.Length));
        var writer = new MessagePackWriter(buffer);
        Write(ref writer, doc.RootElement);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ref MessagePackWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var _ in e.EnumerateObject()) count++;
                w.WriteMapHeader(count);
                foreach (var p in e.EnumerateObject())
                {
                    w.Write(p.Name);
                    Write(ref w, p.Value);
                }
                break;
            case JsonValueKind.Array:
                w.WriteArrayHeader(e.GetArrayLength());
                foreach (var item in e.EnumerateArray()) Write(ref w, item);
                break;
            case JsonValueKind.String: w.Write(e.GetString()); break;
            case JsonValueKind.Number:
                if (e.TryGetInt64(out var l)) w.Write(l);
                else if (e.TryGetUInt64(out var u)) w.Write(u);
                else w.Write(e.GetDouble());
                break;
            case JsonValueKind.True: w.Write(true); break;
            case JsonValueKind.False: w.Write(false); break;
            default: w.WriteNil(); break;
        }
    }

    public static string ToJson(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            using var output = new MemoryStream(bytes.Length * 2 + 16);
            using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            {
                Read(ref reader, json, 0);
                json.Flush();
            }
            if (!reader.End) throw new PayloadException("PayloadInvalid: the MessagePack payload has bytes after its value");
            return System.Text.Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
        }
        catch (PayloadException) { throw; }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException or ArgumentException)
        {
            throw new PayloadException($"PayloadInvalid: the payload is not valid MessagePack ({ex.Message})", ex);
        }
    }

    private static void Read(ref MessagePackReader r, Utf8JsonWriter json, int depth)
    {
        if (depth > MaxDepth) throw new PayloadException($"PayloadInvalid: the MessagePack payload nests deeper than {MaxDepth} levels");
        switch (r.NextMessagePackType)
        {
            case MessagePackType.Nil: r.ReadNil(); json.WriteNullValue(); break;
            case MessagePackType.Boolean: json.WriteBooleanValue(r.ReadBoolean()); break;
            case MessagePackType.Integer:
                if (r.NextCode == MessagePackCode.UInt64) json.WriteNumberValue(r.ReadUInt64());
                else json.WriteNumberValue(r.ReadInt64());
                break;
            case MessagePackType.Float:
                var d = r.ReadDouble();
                if (!double.IsFinite(d)) throw new PayloadException("PayloadInvalid: the MessagePack payload holds a NaN or infinite number, which JSON cannot represent");
                json.WriteNumberValue(d);
                break;
            case MessagePackType.String: json.WriteStringValue(r.ReadString()); break;
            case MessagePackType.Array:
                var n = r.ReadArrayHeader();
                json.WriteStartArray();
                for (var i = 0; i < n; i++) Read(ref r, json, depth + 1);
                json.WriteEndArray();
                break;
            case MessagePackType.Map:
                var m = r.ReadMapHeader();
                json.WriteStartObject();
                for (var i = 0; i < m; i++)
                {
                    if (r.NextMessagePackType != MessagePackType.String)
                        throw new PayloadException($"PayloadInvalid: a MessagePack map key is {r.NextMessagePackType}, not a string (JSON objects have string keys)");
                    json.WritePropertyName(r.ReadString()!);
                    Read(ref r, json, depth + 1);
                }
                json.WriteEndObject();
                break;
            case MessagePackType.Extension:
                var header = r.ReadExtensionFormatHeader();
                throw new PayloadException(header.TypeCode == 100
                    ? "PayloadInvalid: MessagePack extension type 100 (Typeless, a CLR type name) is refused: no codec creates a type named by a payload"
                    : $"PayloadInvalid: MessagePack extension type {header.TypeCode} is refused (only JSON-compatible values are accepted)");
            case MessagePackType.Binary:
                throw new PayloadException("PayloadInvalid: MessagePack binary values are refused (only JSON-compatible values are accepted)");
            default:
                throw new PayloadException($"PayloadInvalid: unknown MessagePack code 0x{r.NextCode:x2}");
        }
    }
}
