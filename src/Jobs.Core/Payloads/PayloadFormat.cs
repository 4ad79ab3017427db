namespace Jobs.Payloads;

/// <summary>The codec and compression chosen for one job (enqueue options, else the task's, else <see cref="PayloadOptions"/>).</summary>
internal readonly record struct PayloadFormat(PayloadCodec Codec, PayloadCompression Compression)
{
    public static readonly PayloadFormat Plain = new(PayloadCodec.Json, PayloadCompression.None);

    public static PayloadFormat Resolve(PayloadCodec? job, PayloadCompression? jobCompression, PayloadCodec? task, PayloadCompression? taskCompression, PayloadOptions defaults)
        => new(job ?? task ?? defaults.DefaultCodec, jobCompression ?? taskCompression ?? defaults.DefaultCompression);
}
