namespace Kullback.Learning.Data;

/// <summary>How raw features are mapped before training: none, one min–max over all cells, or one per column.</summary>
public enum ScalingKind
{
    /// <summary>x' = x.</summary>
    None = 0,
    /// <summary>x' = (x − min) / (max − min) with min, max over every cell (pixels stay comparable: digits 0–16 → [0, 1]).</summary>
    Global = 1,
    /// <summary>x'ⱼ = (xⱼ − minⱼ) / (maxⱼ − minⱼ) per column j (a constant column maps to 0).</summary>
    PerColumn = 2,
}

/// <summary>
/// An affine per-feature map x'ⱼ = (xⱼ − offsetⱼ)·scaleⱼ, fitted on training data and stored with a model so that
/// evaluation and prediction see features exactly as training did.
/// </summary>
public sealed class FeatureScaler
{
    /// <summary>Creates a scaler from its parameters.</summary>
    /// <exception cref="ArgumentException">Lengths differ or a value is not finite.</exception>
    public FeatureScaler(ScalingKind kind, float[] offset, float[] scale)
    {
        if (offset.Length != scale.Length) throw new ArgumentException($"offset.Length = {offset.Length} but scale.Length = {scale.Length}", nameof(scale));
        for (int j = 0; j < offset.Length; j++)
            if (!float.IsFinite(offset[j]) || !float.IsFinite(scale[j]))
                throw new ArgumentException($"feature {j}: offset {offset[j]}, scale {scale[j]} must be finite", nameof(scale));
        Kind = kind;
        Offset = offset;
        Scale = scale;
    }

    /// <summary>The kind of scaling this was fitted as.</summary>
    public ScalingKind Kind { get; }

    /// <summary>offsetⱼ per feature.</summary>
    public float[] Offset { get; }

    /// <summary>scaleⱼ per feature.</summary>
    public float[] Scale { get; }

    /// <summary>Number of features.</summary>
    public int FeatureCount => Offset.Length;

    /// <summary>The identity map on <paramref name="features"/> features.</summary>
    public static FeatureScaler Identity(int features) =>
        new(ScalingKind.None, new float[features], Enumerable.Repeat(1f, features).ToArray());

    /// <summary>Fits a scaler of the given kind to <paramref name="data"/>.</summary>
    /// <exception cref="InvalidDataException">A feature's max − min overflows float32 (the message names the data set and feature).</exception>
    public static FeatureScaler Fit(Dataset data, ScalingKind kind)
    {
        int d = data.FeatureCount;
        if (kind == ScalingKind.None) return Identity(d);
        var min = Enumerable.Repeat(float.PositiveInfinity, d).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, d).ToArray();
        for (int r = 0; r < data.Rows; r++)
        {
            var row = data.Row(r);
            for (int j = 0; j < d; j++) { min[j] = Math.Min(min[j], row[j]); max[j] = Math.Max(max[j], row[j]); }
        }
        if (kind == ScalingKind.Global)
        {
            float lo = min.Min(), hi = max.Max();
            Array.Fill(min, lo);
            Array.Fill(max, hi);
        }
        var scale = new float[d];
        for (int j = 0; j < d; j++)
        {
            // A span beyond float32 (values near ±3.4e38 of both signs) would make the scale 0 and x − min overflow.
            if (float.IsInfinity(max[j] - min[j]))
                throw new InvalidDataException($"{data.Name}: {(kind == ScalingKind.Global ? "the features range" : $"feature {j + 1} of {d} ranges")} over [{min[j]:R}, {max[j]:R}], wider than float32 holds (3.4e38); rescale the data");
            scale[j] = max[j] > min[j] ? 1f / (max[j] - min[j]) : 1f;
        }
        for (int j = 0; j < d; j++) if (!float.IsFinite(min[j])) min[j] = 0;
        return new FeatureScaler(kind, min, scale);
    }

    /// <summary>Applies x'ⱼ = (xⱼ − offsetⱼ)·scaleⱼ in place to row-major <paramref name="rows"/>.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>, or a scaled value
    /// overflows float32 (a raw value far outside the range the scaler was fitted on; the message names row, feature and value).</exception>
    public void Apply(Span<float> rows)
    {
        int d = FeatureCount;
        if (rows.Length % d != 0) throw new ArgumentException($"rows.Length = {rows.Length} is not a multiple of {d} features", nameof(rows));
        if (Kind == ScalingKind.None) return;
        var scaled = new float[d];
        for (int start = 0; start < rows.Length; start += d)
        {
            var row = rows.Slice(start, d);
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, Offset, scaled);
            System.Numerics.Tensors.TensorPrimitives.Multiply(scaled, Scale, scaled);
            if (!float.IsFinite(scaled[System.Numerics.Tensors.TensorPrimitives.IndexOfMaxMagnitude(scaled)]))
            {
                int j = Array.FindIndex(scaled, v => !float.IsFinite(v));
                throw new ArgumentException($"row {start / d}, feature {j + 1}: {row[j]:R} overflows float32 once scaled, ({row[j]:R} − {Offset[j]:R})·{Scale[j]:R}: far outside the range the scaling was fitted on", nameof(rows));
            }
            scaled.CopyTo(row);
        }
    }

    /// <summary>A new data set with the map applied to every row (the input is unchanged).</summary>
    /// <exception cref="ArgumentException">The feature counts differ.</exception>
    public Dataset Transform(Dataset data)
    {
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"{data.Name} has {data.FeatureCount} features, the scaler {FeatureCount}", nameof(data));
        if (Kind == ScalingKind.None) return data;
        var x = (float[])data.Features.Clone();
        Apply(x);
        return new Dataset(x, data.Labels, data.FeatureCount, data.Classes, data.ImageHeight, data.ImageWidth, data.Name);
    }
}
