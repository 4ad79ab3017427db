using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Jobs.Payloads;

/// <summary>
/// JSON text ⇔ YAML text (UTF-8) through YamlDotNet's parser and emitter events, never its object deserializer: only
/// the core schema is accepted (plain and quoted scalars, <c>!!str !!int !!float !!bool !!null !!map !!seq</c>); any
/// other tag (<c>!!type</c>, <c>!&lt;tag:yaml.org,2002:System.Diagnostics.Process&gt;</c>, <c>!foo</c>) and aliases are refused.
/// </summary>
internal static partial class YamlTranscoder
{
    private const int MaxDepth = 64;
    private const string CoreTag = "tag:yaml.org,2002:";

    public static byte[] FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, doc.RootElement);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Emit(IEmitter e, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Any));
                foreach (var p in value.EnumerateObject())
                {
                    e.Emit(Quoted(p.Name));
                    Emit(e, p.Value);
                }
                e.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                e.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Any));
                foreach (var item in value.EnumerateArray()) Emit(e, item);
                e.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String: e.Emit(Quoted(value.GetString()!)); break;
            case JsonValueKind.Number: e.Emit(Plain(value.GetRawText())); break;
            case JsonValueKind.True: e.Emit(Plain("true")); break;
            case JsonValueKind.False: e.Emit(Plain("false")); break;
            default: e.Emit(Plain("null")); break;
        }
    }

    private static Scalar Quoted(string s) => new(AnchorName.Empty, TagName.Empty, s, ScalarStyle.DoubleQuoted, false, true);
    private static Scalar Plain(string s) => new(AnchorName.Empty, TagName.Empty, s, ScalarStyle.Plain, true, false);

    public static string ToJson(byte[] bytes)
    {
        string text;
        try { text = new System.Text.UTF8Encoding(false, true).GetString(bytes); }
        catch (System.Text.DecoderFallbackException ex) { throw new PayloadException("PayloadInvalid: the YAML payload is not UTF-8", ex); }
        try
        {
            var parser = new Parser(new StringReader(text));
            using var output = new MemoryStream(bytes.Length * 2 + 16);
            using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            {
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _)) json.WriteNullValue();
                else
                {
                    parser.Consume<DocumentStart>();
                    Read(parser, json, 0);
                    parser.Consume<DocumentEnd>();
                    if (!parser.Accept<StreamEnd>(out _)) throw new PayloadException("PayloadInvalid: the YAML payload holds more than one document");
                }
                json.Flush();
            }
            return System.Text.Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
        }
        catch (PayloadException) { throw; }
        catch (YamlException ex)
        {
            throw new PayloadException($"PayloadInvalid: the payload is not valid YAML ({ex.Message})", ex);
        }
    }

    private static void Read(IParser parser, Utf8JsonWriter json, int depth)
    {
        if (depth > MaxDepth) throw new PayloadException($"PayloadInvalid: the YAML payload nests deeper than {MaxDepth} levels");
        if (parser.TryConsume<AnchorAlias>(out _)) throw new PayloadException("PayloadInvalid: YAML aliases are refused");
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            WriteScalar(scalar, json);
            return;
        }
        if (parser.TryConsume<SequenceStart>(out var seq))
        {
            CheckTag(seq.Tag, "seq");
            json.WriteStartArray();
            while (!parser.TryConsume<SequenceEnd>(out _)) Read(parser, json, depth + 1);
            json.WriteEndArray();
            return;
        }
        if (parser.TryConsume<MappingStart>(out var map))
        {
            CheckTag(map.Tag, "map");
            json.WriteStartObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key)) throw new PayloadException("PayloadInvalid: a YAML mapping key is not a scalar (JSON objects have string keys)");
                if (!key.Tag.IsEmpty && key.Tag.Value != CoreTag + "str") CheckTag(key.Tag, "str");
                json.WritePropertyName(key.Value);
                Read(parser, json, depth + 1);
            }
            json.WriteEndObject();
            return;
        }
        throw new PayloadException($"PayloadInvalid: unexpected YAML event {parser.Current}");
    }

    private static void CheckTag(TagName tag, string expected)
    {
        if (tag.IsEmpty) return;
        if (tag.Value == CoreTag + expected) return;
        throw new PayloadException($"PayloadInvalid: the YAML tag '{tag.Value}' is refused (only the core schema's !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are accepted; no codec creates a type named by a payload)");
    }

    private static void WriteScalar(Scalar s, Utf8JsonWriter json)
    {
        var v = s.Value;
        if (!s.Tag.IsEmpty)
        {
            var name = s.Tag.Value.StartsWith(CoreTag, StringComparison.Ordinal) ? s.Tag.Value[CoreTag.Length..] : null;
            switch (name)
            {
                case "str": json.WriteStringValue(v); return;
                case "null" when IsNull(v): json.WriteNullValue(); return;
                case "bool" when IsBool(v, out var b): json.WriteBooleanValue(b); return;
                case "int" when IntRegex().IsMatch(v) || HexOrOctal(v, out _): WriteNumber(v, json); return;
                case "float" when FloatRegex().IsMatch(v) || IntRegex().IsMatch(v): WriteNumber(v, json); return;
                case "null" or "bool" or "int" or "float": throw new PayloadException($"PayloadInvalid: the YAML scalar '{v}' is not a valid !!{name}");
                default: CheckTag(s.Tag, "str"); return; // throws
            }
        }
        if (s.Style != ScalarStyle.Plain) { json.WriteStringValue(v); return; }
        if (IsNull(v)) json.WriteNullValue();
        else if (IsBool(v, out var b)) json.WriteBooleanValue(b);
        else if (IntRegex().IsMatch(v) || FloatRegex().IsMatch(v) || HexOrOctal(v, out _)) WriteNumber(v, json);
        else if (NonFiniteRegex().IsMatch(v)) throw new PayloadException($"PayloadInvalid: the YAML number '{v}' has no JSON form");
        else json.WriteStringValue(v);
    }

    private static void WriteNumber(string v, Utf8JsonWriter json)
    {
        if (HexOrOctal(v, out var radix)) json.WriteNumberValue(radix);
        else if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) json.WriteNumberValue(l);
        else if (ulong.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var u)) json.WriteNumberValue(u);
        else
        {
            var d = double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(d)) throw new PayloadException($"PayloadInvalid: the YAML number '{v}' has no JSON form");
            json.WriteNumberValue(d);
        }
    }

    private static bool HexOrOctal(string v, out long value)
    {
        value = 0;
        if (v.StartsWith("0x", StringComparison.Ordinal)) return long.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (v.StartsWith("0o", StringComparison.Ordinal) && v.Length > 2 && v.Skip(2).All(c => c is >= '0' and <= '7'))
        {
            try { value = Convert.ToInt64(v[2..], 8); return true; }
            catch (OverflowException) { return false; }
        }
        return false;
    }

    private static bool IsNull(string v) => v is "" or "~" or "null" or "Null" or "NULL";

    private static bool IsBool(string v, out bool b)
    {
        b = v is "true" or "True" or "TRUE";
        return b || v is "false" or "False" or "FALSE";
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatRegex();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN)$")]
    private static partial Regex NonFiniteRegex();
}
