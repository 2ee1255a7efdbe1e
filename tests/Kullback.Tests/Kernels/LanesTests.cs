using Kullback.Kernels;

namespace Kullback.Tests.Kernels;

/// <summary>Every vectorised kernel against its scalar form over all lengths 0…257, at every vector width (128, 256, 512 bits) and the dispatcher's choice.</summary>
public class LanesTests
{
    private const double Epsilon = 1.0 / (1L << 52);
    public static readonly TheoryData<string> Widths = new() { "V128", "V256", "V512", "Best" };

    /// <summary>Random probabilities with exact zeros, values near 1e-300 and subnormals mixed in (not normalised: kernels do not care).</summary>
    private static double[] Values(Random rng, int n, bool withZeros = true)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            x[i] = (withZeros && u < 0.1) ? 0.0 : u < 0.15 ? 1e-300 * rng.NextDouble() : u < 0.17 ? 4e-320 * rng.NextDouble() : rng.NextDouble();
        }
        return x;
    }

    private static void AssertClose(double scalar, double vector, double sumAbsTerms, string what)
    {
        if (double.IsPositiveInfinity(scalar)) { Assert.True(double.IsPositiveInfinity(vector), $"{what}: {vector} ≠ +∞"); return; }
        Assert.True(Math.Abs(scalar - vector) <= 8 * Epsilon * sumAbsTerms,
            $"{what}: vector {vector:R} vs scalar {scalar:R}, |Δ| = {Math.Abs(scalar - vector):G3} > 8ε·Σ|t| = {8 * Epsilon * sumAbsTerms:G3}");
    }

    private static double SumAbs<TOp>(double[] p, double[] q) where TOp : IBinaryTerm
    {
        double s = 0;
        for (int i = 0; i < p.Length; i++) s += Math.Abs(TOp.Scalar(p[i], q[i]));
        return s;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void BinaryTermsMatchTheirScalarForm(string widthName)
    {
        var width = Enum.Parse<VectorWidth>(widthName);
        var rng = new Random(42);
        for (int n = 0; n <= 257; n++)
        {
            var p = Values(rng, n);
            var q = Values(rng, n, withZeros: n % 3 == 0); // every third length has q = 0 where p > 0: +∞ for KL, H(P,Q)
            Check<CrossEntropyKernel.Term>(p, q, width, n, "H(P,Q)");
            Check<KullbackLeiblerKernel.Term>(p, q, width, n, "D(P‖Q)");
            Check<JensenShannonKernel.Term>(p, q, width, n, "JS");
        }
    }

    private static void Check<TOp>(double[] p, double[] q, VectorWidth width, int n, string name) where TOp : IBinaryTerm
    {
        double scalar = Lanes.SumTerms<TOp, double>(p, q, VectorWidth.Scalar);
        double vector = Lanes.SumTerms<TOp, double>(p, q, width);
        AssertClose(scalar, vector, SumAbs<TOp>(p, q), $"{name} n={n} {width}");
        // Scaled inputs (how normalisation is done): t(a·p_i, b·q_i) in both forms.
        double scaledScalar = Lanes.SumTerms<TOp, double>(p, q, VectorWidth.Scalar, 0.7, 1.3);
        double scaledVector = Lanes.SumTerms<TOp, double>(p, q, width, 0.7, 1.3);
        AssertClose(scaledScalar, scaledVector, SumAbs<TOp>(Array.ConvertAll(p, x => x * 0.7), Array.ConvertAll(q, x => x * 1.3)), $"{name} scaled n={n} {width}");
        var pf = Array.ConvertAll(p, x => (float)x);
        var qf = Array.ConvertAll(q, x => (float)x);
        var pw = Array.ConvertAll(pf, x => (double)x);
        var qw = Array.ConvertAll(qf, x => (double)x);
        double scalarFloat = Lanes.SumTerms<TOp, double>(pw, qw, VectorWidth.Scalar);
        double vectorFloat = Lanes.SumTerms<TOp, float>(pf, qf, width);
        AssertClose(scalarFloat, vectorFloat, SumAbs<TOp>(pw, qw), $"{name} float n={n} {width}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ElementwiseTermsMatchTheirScalarForm(string widthName)
    {
        var width = Enum.Parse<VectorWidth>(widthName);
        var rng = new Random(23);
        for (int n = 0; n <= 257; n++)
        {
            var p = Values(rng, n);
            var q = Values(rng, n, withZeros: n % 3 == 0);
            CheckTerms<KullbackLeiblerKernel.Term>(p, q, width, n);
            CheckTerms<CrossEntropyKernel.Term>(p, q, width, n);
            CheckTerms<JensenShannonKernel.Term>(p, q, width, n);
        }
    }

    private static void CheckTerms<TOp>(double[] p, double[] q, VectorWidth width, int n) where TOp : IBinaryTerm
    {
        var scalar = new double[n];
        var vector = new double[n];
        Lanes.Terms<TOp, double>(p, q, scalar, VectorWidth.Scalar);
        Lanes.Terms<TOp, double>(p, q, vector, width);
        for (int i = 0; i < n; i++)
        {
            double scale = typeof(TOp) == typeof(JensenShannonKernel.Term)
                ? Math.Abs(JensenShannonKernel.HalfTerm(p[i], q[i], out double qPart)) + Math.Abs(qPart)
                : Math.Abs(scalar[i]);
            AssertClose(scalar[i], vector[i], scale, $"{typeof(TOp).DeclaringType!.Name} term {i} of {n} {width}");
        }
        var pf = Array.ConvertAll(p, x => (float)x);
        var qf = Array.ConvertAll(q, x => (float)x);
        var fromFloat = new double[n];
        var fromWidened = new double[n];
        Lanes.Terms<TOp, float>(pf, qf, fromFloat, width);
        Lanes.Terms<TOp, double>(Array.ConvertAll(pf, x => (double)x), Array.ConvertAll(qf, x => (double)x), fromWidened, width);
        Assert.Equal(fromWidened, fromFloat);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EntropyTermAndSumMatchTheirScalarForm(string widthName)
    {
        var width = Enum.Parse<VectorWidth>(widthName);
        var rng = new Random(7);
        for (int n = 0; n <= 257; n++)
        {
            var p = Values(rng, n);
            double abs = 0;
            foreach (double x in p) abs += Math.Abs(EntropyKernel.Term.Scalar(x));
            AssertClose(Lanes.SumTerms<EntropyKernel.Term, double>(p, VectorWidth.Scalar), Lanes.SumTerms<EntropyKernel.Term, double>(p, width), abs, $"H n={n}");
            double scaledAbs = 0;
            foreach (double x in p) scaledAbs += Math.Abs(EntropyKernel.Term.Scalar(x * 0.6));
            AssertClose(Lanes.SumTerms<EntropyKernel.Term, double>(p, VectorWidth.Scalar, 0.6), Lanes.SumTerms<EntropyKernel.Term, double>(p, width, 0.6), scaledAbs, $"H scaled n={n}");
            var signed = Array.ConvertAll(p, x => rng.Next(2) == 0 ? -x * 1e10 : x);
            double absSum = signed.Sum(Math.Abs);
            AssertClose(Lanes.Sum(signed, VectorWidth.Scalar), Lanes.Sum(signed, width), absSum / 8, $"Σ n={n}");
            var floats = Array.ConvertAll(signed, x => (float)x);
            AssertClose(Lanes.Sum(Array.ConvertAll(floats, x => (double)x), VectorWidth.Scalar), Lanes.Sum(floats, width), absSum / 8, $"Σ float n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void LogSpaceTermsMatchTheirScalarForm(string widthName)
    {
        var width = Enum.Parse<VectorWidth>(widthName);
        var rng = new Random(5);
        for (int n = 1; n <= 257; n++)
        {
            var y = Logits(rng, n);
            var z = Logits(rng, n);
            var p = Values(rng, n);
            var readY = new LogitLanes(LogSumExp.PartsOf(y));
            var readZ = new LogitLanes(LogSumExp.PartsOf(z));
            var readP = new ProbabilityLanes(0.9);
            CheckLogSpace<CrossEntropyKernel.LogTerm, LogitLanes, LogitLanes>(y, z, readY, readZ, width, $"H(P,Q) logits n={n}");
            CheckLogSpace<CrossEntropyKernel.LogTerm, ProbabilityLanes, LogitLanes>(p, z, readP, readZ, width, $"H(P,Q) probabilities/logits n={n}");
            CheckLogSpace<KullbackLeiblerKernel.LogTerm, LogitLanes, LogitLanes>(y, z, readY, readZ, width, $"D logits n={n}");
            CheckLogSpace<KullbackLeiblerKernel.LogTerm, LogitLanes, ProbabilityLanes>(y, p, readY, readP, width, $"D logits/probabilities n={n}");
            CheckLogSpace<JensenShannonKernel.ProbabilityTerm, LogitLanes, ProbabilityLanes>(y, p, readY, readP, width, $"JS logits/probabilities n={n}");
            double abs = 0;
            foreach (double v in y) { double pv = readY.Read(v, out double lp); abs += Math.Abs(EntropyKernel.LogTerm.Scalar(pv, lp, pv, lp)); }
            AssertClose(LogSpaceLanes.Sum<EntropyKernel.LogTerm, double, LogitLanes>(y, readY, VectorWidth.Scalar),
                LogSpaceLanes.Sum<EntropyKernel.LogTerm, double, LogitLanes>(y, readY, width), abs, $"H logits n={n}");
        }
    }

    /// <summary>Logits in ±20 with −∞ (masked) entries and at least one finite one.</summary>
    private static double[] Logits(Random rng, int n)
    {
        var z = new double[n];
        for (int i = 0; i < n; i++) z[i] = rng.NextDouble() < 0.15 ? double.NegativeInfinity : 40 * (rng.NextDouble() - 0.5);
        z[rng.Next(n)] = 1.5;
        return z;
    }

    private static void CheckLogSpace<TOp, TRP, TRQ>(double[] x, double[] y, TRP readP, TRQ readQ, VectorWidth width, string what)
        where TOp : ILogSpaceTerm
        where TRP : struct, ILaneReader
        where TRQ : struct, ILaneReader
    {
        AssertClose(LogSpaceLanes.Sum<TOp, double, TRP, TRQ>(x, y, readP, readQ, VectorWidth.Scalar),
            LogSpaceLanes.Sum<TOp, double, TRP, TRQ>(x, y, readP, readQ, width), SumAbsLogSpace<TOp, TRP, TRQ>(x, y, readP, readQ), what + " " + width);
        var xf = Array.ConvertAll(x, v => (float)v);
        var yf = Array.ConvertAll(y, v => (float)v);
        var xw = Array.ConvertAll(xf, v => (double)v);
        var yw = Array.ConvertAll(yf, v => (double)v);
        AssertClose(LogSpaceLanes.Sum<TOp, double, TRP, TRQ>(xw, yw, readP, readQ, VectorWidth.Scalar),
            LogSpaceLanes.Sum<TOp, float, TRP, TRQ>(xf, yf, readP, readQ, width), SumAbsLogSpace<TOp, TRP, TRQ>(xw, yw, readP, readQ), what + " float " + width);
    }

    private static double SumAbsLogSpace<TOp, TRP, TRQ>(double[] x, double[] y, TRP readP, TRQ readQ)
        where TOp : ILogSpaceTerm
        where TRP : struct, ILaneReader
        where TRQ : struct, ILaneReader
    {
        double abs = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double p = readP.Read(x[i], out double lp), q = readQ.Read(y[i], out double lq);
            abs += Math.Abs(TOp.Scalar(p, lp, q, lq));
        }
        return abs;
    }

    [Fact]
    public void ValidationPassFindsTheFirstBadValueAtEveryLengthAndPosition()
    {
        var rng = new Random(11);
        foreach (double bad in new[] { -0.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -double.Epsilon })
        {
            for (int n = 0; n <= 257; n++)
            {
                var x = Values(rng, n);
                double sum = Lanes.SumOfValidProbabilities<double>(x, out int index);
                Assert.Equal(-1, index);
                Assert.Equal(Lanes.Sum(x, VectorWidth.Scalar), sum, 4 * Epsilon * Math.Max(sum, 1e-300));
                if (n == 0) continue;
                int at = rng.Next(n);
                x[at] = bad;
                if (at + 1 < n) x[rng.Next(at + 1, n)] = -1; // a later bad value must not be the one reported
                Assert.True(double.IsNaN(Lanes.SumOfValidProbabilities<double>(x, out index)));
                Assert.Equal(at, index);
                if (!((float)bad >= 0)) // −ε rounds to −0f, a valid float
                {
                    Lanes.SumOfValidProbabilities(Array.ConvertAll(x, v => (float)v), out index);
                    Assert.Equal(at, index);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void LogSumExpMatchesItsScalarForm(string widthName)
    {
        var width = Enum.Parse<VectorWidth>(widthName);
        var rng = new Random(3);
        for (int n = 1; n <= 257; n++)
        {
            var z = new double[n];
            for (int i = 0; i < n; i++) z[i] = rng.NextDouble() < 0.1 ? double.NegativeInfinity : 20 * (rng.NextDouble() - 0.5);
            z[rng.Next(n)] = 3.0;
            var scalar = LogSumExp.PartsOf<double>(z, VectorWidth.Scalar);
            var vector = LogSumExp.PartsOf<double>(z, width);
            Assert.Equal(scalar.Max, vector.Max);
            Assert.True(Math.Abs(scalar.LogSum - vector.LogSum) <= 8 * Epsilon * Math.Abs(scalar.LogSum), $"n={n}: {vector.LogSum:R} vs {scalar.LogSum:R}");
            var zf = Array.ConvertAll(z, x => (float)x);
            var scalarFloat = LogSumExp.PartsOf<double>(Array.ConvertAll(zf, x => (double)x), VectorWidth.Scalar);
            var vectorFloat = LogSumExp.PartsOf<float>(zf, width);
            Assert.True(Math.Abs(scalarFloat.LogSum - vectorFloat.LogSum) <= 8 * Epsilon * Math.Abs(scalarFloat.LogSum), $"float n={n}");
        }
    }

    [Fact]
    public void LogSumExpIsExactOnKnownValues()
    {
        Assert.Equal(Math.Log(2.0), LogSumExp.Of([0.0, 0.0]), 1e-15);
        Assert.Equal(1000 + Math.Log(2.0), LogSumExp.Of([1000.0, 1000.0]));          // no overflow: max shift
        Assert.Equal(-1000 + Math.Log(3.0), LogSumExp.Of([-1000.0, -1000.0, -1000.0, double.NegativeInfinity]), 1e-12);
        Assert.Equal(double.NegativeInfinity, LogSumExp.Of([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(double.NegativeInfinity, LogSumExp.Of(ReadOnlySpan<double>.Empty));
        var parts = LogSumExp.PartsOf([40.0, 0.0]);
        Assert.Equal(Math.Exp(-40.0), parts.LogSum, 1e-30);                         // log1p of a tiny rest, not log(1 + tiny)
        Assert.Equal(-Math.Exp(-40.0), parts.LogSoftmax(40.0), 1e-30);
    }

    [Fact]
    public void LogRatioIsAccurateWhenTheRatioIsNearOne()
    {
        double x = 0.3, y = Math.BitIncrement(0.3);
        // log(x/y) = log(1 − ulp/y) ≈ −ulp/y: a naive log(x) − log(y) or log(x/y) loses every digit.
        double exact = -(y - x) / y - 0.5 * Math.Pow((y - x) / y, 2);
        Assert.Equal(exact, LogRatio.Of(x, y), Math.Abs(exact) * 4 * Epsilon);
        Assert.Equal(Math.Log(1e300) - Math.Log(5e-324), LogRatio.Of(1e300, 5e-324), 1e-12); // ratio overflows: difference of logs
        Assert.Equal(1e-20, LogRatio.Log1P(1e-20));
        Assert.Equal(Math.Log(1.5), LogRatio.Log1P(0.5), 1e-15);
    }
}
