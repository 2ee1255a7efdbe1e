using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Measures;

namespace Kullback.Cli.Measure;

/// <summary>A JSON line <c>{"id", "joint": [[…]]}</c> (2-D, X rows × Y columns) or <c>[[[…]]]</c> (3-D, X × Y × Z): the joint measures.</summary>
internal static class JointOutput
{
    /// <summary>Reads the nested table (rectangular, numbers only) and writes the measures of <see cref="JointMeasures"/> / <see cref="JointMeasures3"/>.</summary>
    public static void Write(JsonElement joint, Utf8JsonWriter writer, LogBase unit, bool normalize)
    {
        var (values, shape) = Read(joint);
        if (shape.Length == 2)
        {
            WritePair(writer, JointMeasures.Of(values, shape[0], shape[1], unit, normalize));
        }
        else
        {
            var m = JointMeasures3.Of(values, shape[0], shape[1], shape[2], unit, normalize);
            WritePair(writer, m.XY, jointName: "joint_entropy_xy");
            JsonOut.WriteNumber(writer, "entropy_z", m.EntropyZ);
            JsonOut.WriteNumber(writer, "joint_entropy", m.JointEntropy);
            JsonOut.WriteNumber(writer, "conditional_mutual_information", m.ConditionalMutualInformation);
            JsonOut.WriteNumber(writer, "total_correlation", m.TotalCorrelation);
            JsonOut.WriteNumber(writer, "interaction_information", m.InteractionInformation);
        }
        writer.WriteString("unit", unit.Name);
    }

    private static void WritePair(Utf8JsonWriter writer, JointMeasures m, string jointName = "joint_entropy")
    {
        JsonOut.WriteNumber(writer, "entropy_x", m.EntropyX);
        JsonOut.WriteNumber(writer, "entropy_y", m.EntropyY);
        JsonOut.WriteNumber(writer, jointName, m.JointEntropy);
        JsonOut.WriteNumber(writer, "conditional_entropy_x_given_y", m.ConditionalEntropyXGivenY);
        JsonOut.WriteNumber(writer, "conditional_entropy_y_given_x", m.ConditionalEntropyYGivenX);
        JsonOut.WriteNumber(writer, "mutual_information", m.MutualInformation);
        JsonOut.WriteNumber(writer, "variation_of_information", m.VariationOfInformation);
        JsonOut.WriteNumber(writer, "normalized_mutual_information", m.NormalizedMutualInformation);
    }

    private static (double[] Values, int[] Shape) Read(JsonElement joint)
    {
        int depth = 0;
        for (var e = joint; e.ValueKind == JsonValueKind.Array; e = e.GetArrayLength() > 0 ? e[0] : default) depth++;
        if (depth is not (2 or 3)) throw new FormatException("joint: expected a 2-D [[…]] or 3-D [[[…]]] table of probabilities");
        var shape = new int[depth];
        var values = new List<double>();
        Walk(joint, 0, shape, values, "joint");
        return (values.ToArray(), shape);
    }

    private static void Walk(JsonElement e, int axis, int[] shape, List<double> values, string where)
    {
        if (axis == shape.Length)
        {
            values.Add(JsonOut.ReadNumber(e, where));
            return;
        }
        if (e.ValueKind != JsonValueKind.Array) throw new FormatException($"{where}: expected an array ({shape.Length}-D table)");
        int n = e.GetArrayLength();
        if (n == 0) throw new FormatException($"{where}: an axis of the table is empty");
        if (shape[axis] == 0) shape[axis] = n;
        else if (shape[axis] != n) throw new FormatException($"{where} has {n} entries but its siblings have {shape[axis]}: the table must be rectangular");
        int i = 0;
        foreach (var item in e.EnumerateArray()) Walk(item, axis + 1, shape, values, $"{where}[{i++}]");
    }
}
