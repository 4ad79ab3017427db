using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Jobs.SqlServer;

/// <summary>
/// Builds the JSON arrays that carry batches to the server (read there with OPENJSON ... WITH): times as UTC
/// <c>yyyy-MM-ddTHH:mm:ss.fffffff</c> (datetime2 reads that form whatever the session's date format), JSON payloads
/// as strings holding their text (so a scalar such as 42 survives, which OPENJSON's AS JSON would not keep).
/// </summary>
internal sealed class SqlJson
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer;

    private SqlJson() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>A JSON array with one object per item, written by <paramref name="write"/>.</summary>
    public static string Objects<T>(IEnumerable<T> items, Action<SqlJson, T> write)
    {
        var json = new SqlJson();
        json._writer.WriteStartArray();
        foreach (var item in items)
        {
            json._writer.WriteStartObject();
            write(json, item);
            json._writer.WriteEndObject();
        }
        json._writer.WriteEndArray();
        return json.Finish();
    }

    /// <summary>A JSON array of ids.</summary>
    public static string Ids(IEnumerable<Guid> ids) => JsonSerializer.Serialize(ids);

    /// <summary>A JSON array of strings.</summary>
    public static string Strings(IEnumerable<string> values) => JsonSerializer.Serialize(values);

    public SqlJson Str(string name, string? value)
    {
        if (value is null) _writer.WriteNull(name);
        else _writer.WriteString(name, value);
        return this;
    }

    public SqlJson Id(string name, Guid? value)
    {
        if (value is { } v) _writer.WriteString(name, v);
        else _writer.WriteNull(name);
        return this;
    }

    public SqlJson Num(string name, long? value)
    {
        if (value is { } v) _writer.WriteNumber(name, v);
        else _writer.WriteNull(name);
        return this;
    }

    public SqlJson Float(string name, double value)
    {
        _writer.WriteNumber(name, value);
        return this;
    }

    public SqlJson Bool(string name, bool value)
    {
        _writer.WriteBoolean(name, value);
        return this;
    }

    public SqlJson Time(string name, DateTimeOffset? value)
    {
        if (value is { } v) _writer.WriteString(name, v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
        else _writer.WriteNull(name);
        return this;
    }

    private string Finish()
    {
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
