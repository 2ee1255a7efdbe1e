using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using Kullback.Cli.Common;
using Kullback.Cli.Measure;
using Kullback.Measures;
using Kullback.Tests.Support;

namespace Kullback.Tests.Measures;

/// <summary>Joint measures: mpmath fixtures (Fixtures/Measures/joint.jsonl.gz, make_joint_fixtures.py) through
/// <c>kullback measure --input</c>, and property tests of the identities and chain rules.</summary>
public class JointMeasuresTests(ITestOutputHelper output)
{
    private static List<JsonElement> Cases()
    {
        using var file = File.OpenRead(TestPaths.Fixture("Measures/joint.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var header = JsonDocument.Parse(reader.ReadLine()!).RootElement;
        Assert.StartsWith("mpmath", header.GetProperty("tool").GetString());
        var cases = new List<JsonElement>();
        while (reader.ReadLine() is { } line) cases.Add(JsonDocument.Parse(line).RootElement.Clone());
        Assert.Equal(header.GetProperty("cases").GetInt32(), cases.Count);
        return cases;
    }

    [Fact]
    public void CliJointLinesAgreeWithMpmathWithinTheBound()
    {
        var cases = Cases();
        var input = string.Join("\n", cases.Select(c =>
        {
            var o = new Dictionary<string, object?> { ["id"] = c.GetProperty("id").GetString(), ["joint"] = c.GetProperty("joint") };
            if (c.TryGetProperty("base", out var b)) o["base"] = b.GetDouble();
            return JsonSerializer.Serialize(o);
        }));
        var root = new RootCommand { MeasureCommand.Create(new StringReader(input)) };
        var stdout = new StringWriter();
        int code = CliRunner.Run(root, ["measure", "--input", "-", "--json"], stdout, new StringWriter());
        Assert.Equal(0, code);
        var lines = stdout.ToString().Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(cases.Count, lines.Length);
        int compared = 0;
        for (int k = 0; k < cases.Count; k++)
        {
            string id = cases[k].GetProperty("id").GetString()!;
            Assert.Equal(id, lines[k].GetProperty("id").GetString());
            foreach (var entry in cases[k].GetProperty("values").EnumerateObject())
            {
                double computed = lines[k].GetProperty(entry.Name).GetDouble();
                double hi = double.Parse(entry.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                double lo = cases[k].GetProperty("lo").GetProperty(entry.Name).GetDouble();
                double bound = cases[k].GetProperty("bound").GetProperty(entry.Name).GetDouble();
                double error = Math.Abs((computed - hi) - lo);
                output.WriteLine($"{id} {entry.Name}: error/bound {error / bound:G3}");
                Assert.True(error <= bound, $"{id} {entry.Name}: computed {computed:R}, expected {entry.Value}, error {error:G3} > bound {bound:G3}");
                compared++;
            }
        }
        Assert.True(compared > 100);
    }

    private static double[] Table(Random rng, int cells, bool zeros)
    {
        var t = new double[cells];
        for (int i = 0; i < cells; i++) t[i] = zeros && rng.NextDouble() < 0.4 ? 0 : -Math.Log(1 - rng.NextDouble());
        t[0] += 0.1;
        double s = t.Sum();
        for (int i = 0; i < cells; i++) t[i] /= s;
        return t;
    }

    [Fact]
    public void IdentitiesAndChainRulesHoldToRounding()
    {
        var rng = new Random(21);
        for (int trial = 0; trial < 200; trial++)
        {
            int r = 1 + rng.Next(8), c = 1 + rng.Next(8);
            var m = JointMeasures.Of(Table(rng, r * c, trial % 2 == 0), r, c);
            const double Tol = 1e-12;
            Assert.True(m.MutualInformation >= 0);
            Assert.Equal(m.EntropyX + m.EntropyY - m.JointEntropy, m.MutualInformation, Tol);
            Assert.Equal(m.EntropyY + m.ConditionalEntropyXGivenY, m.JointEntropy, Tol);   // chain rule
            Assert.Equal(m.EntropyX + m.ConditionalEntropyYGivenX, m.JointEntropy, Tol);
            Assert.Equal(m.EntropyX - m.ConditionalEntropyXGivenY, m.MutualInformation, Tol);
            Assert.Equal(m.JointEntropy - m.MutualInformation, m.VariationOfInformation, Tol);
            Assert.InRange(m.NormalizedMutualInformation, 0, 1);
            Assert.True(m.MutualInformation <= Math.Min(m.EntropyX, m.EntropyY) + Tol);

            int x = 1 + rng.Next(4), y = 1 + rng.Next(4), z = 1 + rng.Next(4);
            var m3 = JointMeasures3.Of(Table(rng, x * y * z, trial % 3 == 0), x, y, z);
            Assert.True(m3.ConditionalMutualInformation >= 0 && m3.TotalCorrelation >= 0);
            Assert.Equal(m3.XY.EntropyX + m3.XY.EntropyY + m3.EntropyZ - m3.JointEntropy, m3.TotalCorrelation, Tol);
            Assert.Equal(m3.XY.MutualInformation - m3.ConditionalMutualInformation, m3.InteractionInformation, Tol);
        }
    }

    [Fact]
    public void ConditionalMutualInformationMatchesEntropiesOfMarginalTables()
    {
        var rng = new Random(22);
        for (int trial = 0; trial < 100; trial++)
        {
            int x = 1 + rng.Next(4), y = 1 + rng.Next(4), z = 1 + rng.Next(4);
            var t = Table(rng, x * y * z, trial % 2 == 0);
            var m3 = JointMeasures3.Of(t, x, y, z);
            var pxz = new double[x * z];
            var pyz = new double[y * z];
            var pz = new double[z];
            for (int a = 0; a < x; a++) for (int b = 0; b < y; b++) for (int k = 0; k < z; k++)
            {
                double v = t[(a * y + b) * z + k];
                pxz[a * z + k] += v; pyz[b * z + k] += v; pz[k] += v;
            }
            double cmi = Entropy.Of(pxz, normalize: true) + Entropy.Of(pyz, normalize: true) - m3.JointEntropy - Entropy.Of(pz, normalize: true);
            Assert.Equal(cmi, m3.ConditionalMutualInformation, 1e-12);
            // Chain rule: I(X; (Y,Z)) = I(X;Z) + I(X;Y|Z).
            double iXyz = JointMeasures.Of(t, x, y * z).MutualInformation;
            double iXz = JointMeasures.Of(pxz, x, z, normalize: true).MutualInformation;
            Assert.Equal(iXyz, iXz + m3.ConditionalMutualInformation, 1e-12);
        }
    }

    [Fact]
    public void IndependenceGivesZeroAndBadTablesAreNamed()
    {
        double[] a = [0.2, 0.3, 0.5], b = [0.6, 0.4];
        var t = new double[6];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) t[i * 2 + j] = a[i] * b[j];
        Assert.Equal(0, JointMeasures.Of(t, 3, 2).MutualInformation, 1e-15);
        Assert.Contains("joint[1, 0]", Assert.ThrowsAny<ArgumentException>(() => JointMeasures.Of([0.5, 0.5, -0.1, 0.1], 2, 2)).Message);
        Assert.Contains("needs 6", Assert.ThrowsAny<ArgumentException>(() => JointMeasures.Of([1.0], 2, 3)).Message);
        Assert.Contains("sums to", Assert.ThrowsAny<ArgumentException>(() => JointMeasures.Of([0.5, 0.6], 1, 2)).Message);
        Assert.Contains("joint[0, 1, 1]", Assert.ThrowsAny<ArgumentException>(() => JointMeasures3.Of([0.5, 0, 0, double.NaN], 1, 2, 2)).Message);
        Assert.Equal(Math.Log(2), JointMeasures.Of([1.0, 1.0], 1, 2, normalize: true).EntropyY, 1e-15);
    }
}
