using System.Globalization;
using Kullback.Learning.Data;
using Kullback.Learning.Training;

namespace Kullback.Cli.Common;

/// <summary>
/// Names the data behind a model's float32 overflow (issue 10, item 13): a row whose logits are NaN or ±∞, or a feature that
/// overflows once scaled, is reported with the file and the row's largest feature, not as a bare "logits row 17".
/// </summary>
internal static class ModelOverflow
{
    /// <summary>
    /// Runs <paramref name="work"/> on <paramref name="rows"/> (raw features) from <paramref name="source"/>; an overflow of the
    /// model's arithmetic becomes an <see cref="InvalidDataException"/> naming the source, and for logits the row's largest feature.
    /// </summary>
    public static T Run<T>(string source, Dataset rows, Func<T> work)
    {
        try { return work(); }
        catch (NonFiniteLogitsException e) when (e.Row < rows.Rows)
        {
            var x = rows.Row((int)e.Row);
            int j = System.Numerics.Tensors.TensorPrimitives.IndexOfMaxMagnitude(x);
            throw new InvalidDataException($"{source}: the model's float32 logits overflow (NaN or ∞) on a row whose largest feature is feature {j + 1} = " +
                $"{x[j].ToString("R", CultureInfo.InvariantCulture)}: features far outside the range the model was trained on");
        }
        catch (ArgumentException e) when (e.ParamName == "rows")
        {
            throw new InvalidDataException($"{source}: {ErrorText.Of(e)}"); // the scaler's message names the feature and its value
        }
    }

    /// <summary>Throws <see cref="NonFiniteLogitsException"/> for the first row of <paramref name="logits"/> (rows, classes) holding NaN or +∞, or only −∞.</summary>
    public static void CheckRows(ReadOnlySpan<double> logits, int classes)
    {
        for (int r = 0; r < logits.Length / classes; r++)
        {
            double max = System.Numerics.Tensors.TensorPrimitives.Max(logits.Slice(r * classes, classes));
            if (!double.IsFinite(max)) throw new NonFiniteLogitsException(r, $"logits row {r}: maximum {max}; logits must be finite or −∞ with at least one finite");
        }
    }
}
